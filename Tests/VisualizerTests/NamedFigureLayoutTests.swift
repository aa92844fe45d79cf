import Engine
import Foundation
import KVCore
import KVScenario
import ScenarioChapters
import TerminalCanvas
import Testing
@testable import Visualizer

/// Never cut what is being taught (#18 item 6): the contiguous panel lays out its legend and its
/// shares line by priority, the figure the narration names first, and owners past Z keep their
/// whole label.
@Suite struct NamedFigureLayoutTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    @Test(arguments: sizes, [Language.en, .zh])
    func fragmentationsExternalFigureIsWholeWhileTheCueNamesIt(size: Size, language: Language) throws {
        var state = try RestagedMomentsTests.state("05-fragmentation.yaml", size: size, language: language)
        RestagedMomentsTests.play(&state, untilNarration: "E needs")
        let view = try #require(state.snapshot.contiguous)
        let external = percent(view.externalFragmentationSlots, of: view.capacitySlots)
        let panel = Self.panelText(state, state.layout.contiguous)
        let word = language == .en ? "external" : "外部碎片"
        #expect(panel.contains("\(word) \(external)"), "\(panel)")
        #expect(panel.contains(language == .en ? "▚ external frag." : "▚ 外部碎片"), "\(panel)")
        #expect(!panel.split(separator: "\n").contains { $0.hasSuffix("…") }, "no line of the panel is cut: \(panel)")
    }

    @Test func namedEntriesGoFirstAndNothingIsCutMidEntry() {
        let entries = ["used 50%", "reserved 14.6%", "internal 35.4%", "external 0%", "waiting 1"].map {
            NamedFirst.Entry(text: $0, names: [String($0.split(separator: " ")[0])])
        }
        let importance = [0, 3, 2, 1, 4]
        #expect(NamedFirst.line(entries, importance: importance, separator: " · ", width: 200, narration: nil)
                == "used 50% · reserved 14.6% · internal 35.4% · external 0% · waiting 1")
        #expect(NamedFirst.line(entries, importance: importance, separator: " · ", width: 40, narration: nil)
                == "used 50% · internal 35.4% · external 0%")
        // The narration names "reserved": it stays, and less important entries go instead.
        #expect(NamedFirst.line(entries, importance: importance, separator: " · ", width: 40,
                                narration: "The reserved slots wait for tokens")
                == "used 50% · reserved 14.6% · external 0%")
    }

    @Test func ownersPastZAreSpelledWhole() throws {
        #expect((0..<3).map { ContiguousPanel.usedGlyph(label: "C", at: $0) } == ["C", "C", "C"])
        #expect((0..<4).map { ContiguousPanel.usedGlyph(label: "AB", at: $0) } == ["A", "B", "▪", "▪"])
        // On screen: a contiguous side with 32 requests, once a request past Z holds an extent.
        let scenario = try ScenarioLoader.load(text: """
            title: {en: past z, zh: past z}
            view: contiguous
            mode: memory
            model: llama-2-7b
            gpu: l4-24gb
            block_size: 16
            max_model_len: 256
            contiguous: max
            requests:
              - {id: 0, prompt_tokens: 64, max_tokens: 20}
              - {id: 1, prompt_tokens: 64, max_tokens: 21}
              - {id: 2, prompt_tokens: 64, max_tokens: 22}
              - {id: 3, prompt_tokens: 64, max_tokens: 23}
              - {id: 4, prompt_tokens: 64, max_tokens: 24}
              - {id: 5, prompt_tokens: 64, max_tokens: 25}
              - {id: 6, prompt_tokens: 64, max_tokens: 26}
              - {id: 7, prompt_tokens: 64, max_tokens: 20}
              - {id: 8, prompt_tokens: 64, max_tokens: 21}
              - {id: 9, prompt_tokens: 64, max_tokens: 22}
              - {id: 10, prompt_tokens: 64, max_tokens: 23}
              - {id: 11, prompt_tokens: 64, max_tokens: 24}
              - {id: 12, prompt_tokens: 64, max_tokens: 25}
              - {id: 13, prompt_tokens: 64, max_tokens: 26}
              - {id: 14, prompt_tokens: 64, max_tokens: 20}
              - {id: 15, prompt_tokens: 64, max_tokens: 21}
              - {id: 16, prompt_tokens: 64, max_tokens: 22}
              - {id: 17, prompt_tokens: 64, max_tokens: 23}
              - {id: 18, prompt_tokens: 64, max_tokens: 24}
              - {id: 19, prompt_tokens: 64, max_tokens: 25}
              - {id: 20, prompt_tokens: 64, max_tokens: 26}
              - {id: 21, prompt_tokens: 64, max_tokens: 20}
              - {id: 22, prompt_tokens: 64, max_tokens: 21}
              - {id: 23, prompt_tokens: 64, max_tokens: 22}
              - {id: 24, prompt_tokens: 64, max_tokens: 23}
              - {id: 25, prompt_tokens: 64, max_tokens: 24}
              - {id: 26, prompt_tokens: 64, max_tokens: 25}
              - {id: 27, prompt_tokens: 64, max_tokens: 26}
              - {id: 28, prompt_tokens: 64, max_tokens: 20}
              - {id: 29, prompt_tokens: 64, max_tokens: 21}
              - {id: 30, prompt_tokens: 64, max_tokens: 22}
              - {id: 31, prompt_tokens: 64, max_tokens: 23}
            """, file: "past-z.yaml", name: "past-z")
        var state = try AppState(chapters: [Chapter(try ScenarioRun(scenario, file: "past-z.yaml"))], language: .en,
                                 colors: false, size: Size(width: 120, height: 40))
        while state.viewMode != .contiguous { _ = dispatch(&state, .cycleView) }
        var found: String?
        for _ in 0..<3000 where found == nil && !state.engine.isComplete {
            _ = dispatch(&state, .stepForward)
            let view = try #require(state.snapshot.contiguous)
            found = view.extents.first { $0.used >= 64 && (state.snapshot.label(of: $0.request)?.count ?? 0) > 1 }
                .flatMap { state.snapshot.label(of: $0.request) }
        }
        let label = try #require(found, "serving-run runs a request past Z on the contiguous side")
        #expect(Self.panelText(state, state.layout.contiguous).contains(label))
    }

    /// The text inside a boxed panel, row by row (wide characters once, their second cell skipped).
    static func panelText(_ state: AppState, _ rect: Rect) -> String {
        let canvas = Fixtures.render(state)
        return (rect.y + 1..<rect.maxY - 1).map { y in
            var row = ""
            var x = rect.x + 1
            while x < rect.maxX - 1 {
                let cell = canvas[x, y]
                row.append(cell.glyph)
                x += max(1, Int(cell.width))
            }
            return row.trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
