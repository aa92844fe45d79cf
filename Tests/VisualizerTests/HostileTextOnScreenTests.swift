import Engine
import KVScenario
import ScenarioChapters
import TerminalCanvas
import Testing
@testable import Visualizer

/// Text from a scenario file (title, narration, prompt tokens) reaches the screen with its control
/// characters shown as visible escapes, as errors show them: a title holding OSC 0 (retitle), OSC 52
/// (write the clipboard) or CSI 2J (clear) draws as `\e]0;...`, never as bytes a terminal obeys
/// and never silently dropped.
@Suite("Hostile text on screen")
struct HostileTextOnScreenTests {
    static let text = """
        title: {en: "T\\e]0;pwned\\aX\\e[2J", zh: "标\\e]52;c;aGk=\\a题"}
        summary: {en: "S\\e[31mred", zh: "s"}
        pool: {blocks: 16, block_size: 4}
        requests:
          - {prompt: "hi\\e]0;p\\a there", max_tokens: 3, continuation: "a\\e[2Jb"}
        narration:
          - {step: 0, until: 3, en: "N\\e]0;narr\\aY\\e[2J {step} {{x}}", zh: "中\\e[2J文 {step}"}

        """

    static func frame(_ language: Language, steps: Int) throws -> String {
        let run = try ScenarioRun(try ScenarioLoader.load(text: text, file: "hostile.yaml", name: "hostile\u{1B}[2J"),
                                  file: "hostile.yaml")
        var state = try Fixtures.state([Chapter(run)], language: language)
        for _ in 0..<steps { _ = dispatch(&state, .stepForward) }
        return Fixtures.render(state).plainText()
    }

    @Test(arguments: [Language.en, .zh])
    func controlCharactersAreShownEscaped(language: Language) throws {
        for steps in [0, 2] {
            let screen = try Self.frame(language, steps: steps)
            #expect(!screen.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) },
                    "raw control character on screen at step \(steps)")
            if language == .en {
                #expect(screen.contains("T\\e]0;pwned\\u{7}X\\e[2J"), "title at step \(steps)")
                #expect(screen.contains("N\\e]0;narr\\u{7}Y\\e[2J \(steps) {x}"), "narration at step \(steps)")
            } else {
                #expect(screen.contains("标\\e]52;c;aGk=\\u{7}题"), "title at step \(steps)")
                #expect(screen.contains("中\\e[2J文 \(steps)"), "narration at step \(steps)")
            }
            #expect(screen.contains("hi\\e]0;p\\u{7} there"), "prompt at step \(steps)")
        }
    }
}
