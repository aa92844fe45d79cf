import Foundation
import Testing
import Engine
@testable import KVScenario

@Suite("Scenario YAML bounds")
struct YAMLBoundsTests {
    @Test func everyDemoIsWithinTheBounds() {
        for (name, text) in ScenarioFuzzTests.demoTexts() {
            #expect(YAMLBounds.check(text) == nil, "\(name)")
        }
        #expect(!ScenarioFuzzTests.demoTexts().isEmpty)
    }

    @Test func aFewAliasesForSharedPromptsPass() {
        let text = """
            shared: &system "You are a helpful assistant."
            list: &pair [a, b]
            block: &block
              - x
              - y
            requests:
              - {prompt: *system, max_tokens: 2}
              - {prompt: *system, extra: *pair, more: *block}
            """
        #expect(YAMLBounds.check(text) == nil)
    }

    @Test func anAliasBombIsRefusedAtTheAliasThatCrossesTheLimit() {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for (level, name) in ["b", "c", "d", "e", "f"].enumerated() {
            let previous = level == 0 ? "a" : ["b", "c", "d", "e"][level - 1]
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
        }
        let violation = YAMLBounds.check(lines.joined(separator: "\n"))
        #expect(violation?.line == 5)
        #expect(violation?.problem.text.contains("expand to more than 10000 nodes") == true)
    }

    @Test(arguments: ["\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"])
    func everyYAMLLineBreakEndsALine(lineBreak: String) {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for (level, name) in ["b", "c", "d", "e", "f"].enumerated() {
            let previous = level == 0 ? "a" : ["b", "c", "d", "e"][level - 1]
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
        }
        let violation = YAMLBounds.check(lines.joined(separator: lineBreak))
        #expect(violation?.line == 5)
        #expect(violation?.problem.text.contains("expand to more than 10000 nodes") == true)
    }

    @Test func quotedTextCommentsAndBlockScalarsAreNotAliases() {
        var text = "a: &a [x, y]\n"
        text += "b: \"" + String(repeating: "*a ", count: 20_000) + "\"\n"
        text += "c: '" + String(repeating: "*a ", count: 20_000) + "'\n"
        text += "d: 1  # " + String(repeating: "*a ", count: 20_000) + "\n"
        text += "e: |\n  don't " + String(repeating: "*a ", count: 20_000) + "\n  more\n"
        text += "f: *a\n"
        #expect(YAMLBounds.check(text) == nil)
    }

    @Test func deepNestingIsRefused() {
        #expect(YAMLBounds.check("x: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300))?.line == 1)
        #expect(YAMLBounds.check("x:\n" + String(repeating: "- ", count: 300) + "a")?.line == 2)
        #expect(YAMLBounds.check("x: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) == nil)
    }

    @Test func theLoaderRefusesABombWithItsFileAndLine() {
        var text = "title: {en: t, zh: t}\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for name in ["b", "c", "d", "e", "f", "g"] {
            let previous = String(UnicodeScalar(name.unicodeScalars.first!.value - 1)!)
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "requests: {? *g : 1}\n"
        do {
            _ = try ScenarioLoader.load(text: text, file: "bomb.yaml", name: "bomb")
            Issue.record("the bomb loaded")
        } catch {
            #expect(error.description.hasPrefix("bomb.yaml:6: its aliases"), "\(error.description)")
        }
    }
}
