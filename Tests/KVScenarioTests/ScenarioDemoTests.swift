import Foundation
import Testing
import Engine
import TerminalCanvas
@testable import KVScenario

/// The walkthroughs themselves: every figure they quote has a value when it is shown, and every
/// narration fits the 80x24 screen's two narration lines.
@Suite("Scenario demos")
struct ScenarioDemoTests {
    static func runs() throws -> [(name: String, run: ScenarioRun)] {
        try demoFiles().map { ($0.lastPathComponent, try Scenario.run(path: $0.path)) }
    }

    @Test func everyPlaceholderHasAValueWhenItsNarrationShows() throws {
        for (name, run) in try Self.runs() {
            // Every cue that fires shows every figure it quotes, at every step it is shown.
            try run.played { snapshot, track in
                guard let firing = track.firing(at: snapshot.step), let text = track.text(for: snapshot) else { return }
                for shown in [text.en, text.zh] {
                    #expect(shown != nil && shown?.contains("?") == false, "\(name) narration line \(run.script().cues[firing.cue].line) at step \(snapshot.step): \(shown ?? "no value")")
                }
            }
        }
    }

    @Test func everyNarrationFitsTwoLinesAt80Columns() throws {
        let limit = 2 * 78
        for (name, run) in try Self.runs() {
            try run.played { snapshot, track in
                guard let firing = track.firing(at: snapshot.step), firing.step == snapshot.step,
                      let shown = track.text(for: snapshot), let en = shown.en, let zh = shown.zh else { return }
                let text = (en: en, zh: zh)
                let index = firing.cue
                #expect(DisplayWidth.of(text.en) <= limit, "\(name) narration[\(index)].en: \(DisplayWidth.of(text.en)) columns")
                #expect(DisplayWidth.of(text.zh) <= limit, "\(name) narration[\(index)].zh: \(DisplayWidth.of(text.zh)) columns")
            }
            #expect(DisplayWidth.of(run.scenario.title.en) <= 60 && DisplayWidth.of(run.scenario.title.zh) <= 60, "\(name) title")
        }
    }

    @Test func demosAreNumberedInTeachingOrderWithBothLanguages() throws {
        let names = chapterDemoFiles().map(\.lastPathComponent)
        #expect(names.count == 12)
        for (index, name) in names.enumerated() {
            #expect(name.hasPrefix(String(format: "%02d-", index + 1)), "\(name) is out of order")
        }
        // vLLM in practice: numbered by the question of issue 21 each answers (01 to 08), some
        // questions without a walkthrough yet, so the numbers rise but may skip.
        let practice = practiceDemoFiles().map(\.lastPathComponent)
        #expect(practice.count >= 4)
        let numbers = practice.compactMap { Int($0.prefix(2)) }
        #expect(numbers.count == practice.count && numbers == numbers.sorted() && Set(numbers).count == numbers.count)
        #expect(numbers.allSatisfy { (1...8).contains($0) }, "\(practice)")
        for (name, run) in try Self.runs() {
            for entry in run.scenario.narration {
                #expect(!entry.en.segments.isEmpty && !entry.zh.segments.isEmpty, "\(name) has an empty narration")
            }
            #expect(!run.scenario.summary.en.isEmpty && !run.scenario.summary.zh.isEmpty, "\(name) needs a summary")
        }
    }
}
