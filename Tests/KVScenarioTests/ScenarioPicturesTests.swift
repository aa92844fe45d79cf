import Testing
import Engine
@testable import KVScenario
import Narration

/// `show:` and `focus:` on a cue: read into the cue's pictures, and one located line when wrong.
@Suite("Scenario pictures")
struct ScenarioPicturesTests {
    static let head = ScenarioErrorTests.oneRequest + "narration:\n"

    @Test func showAndFocusAreRead() throws {
        let text = Self.head + "  - {step: 1, en: x, zh: y, show: [mapping, sweep], focus: 0}\n  - {step: 2, en: x, zh: y, show: mapping}\n"
        let scenario = try ScenarioLoader.load(text: text, file: "demos/t.yaml", name: "t")
        #expect(scenario.narration[0].pictures == NarrationPictures(shown: [.mapping, .sweep], focus: 0))
        #expect(scenario.narration[1].pictures == NarrationPictures(shown: [.mapping]))
        let run = try ScenarioRun(scenario, file: "demos/t.yaml")
        #expect(run.script().cues[0].pictures.shows(.sweep))
    }

    @Test(arguments: [
        ("  - {step: 1, en: x, zh: y, show: [map]}\n",
         "demos/t.yaml:5: narration[0].show[0]: expected one of mapping, sweep, got 'map'"),
        ("  - {step: 1, en: x, zh: y, show: []}\n",
         "demos/t.yaml:5: narration[0].show: lists no picture; expected one or more of mapping, sweep"),
        ("  - {step: 1, en: x, zh: y, focus: 0}\n",
         "demos/t.yaml:5: narration[0].focus: focus: names the request a picture shows; add show: [mapping] or remove focus:"),
        ("  - {step: 1, en: x, zh: y, show: mapping, focus: 5}\n",
         "demos/t.yaml:5: narration[0].focus: no request has id 5; expected one of 0"),
    ])
    func badPicturesNameTheField(cue: String, expected: String) {
        #expect(ScenarioErrorTests.message(Self.head + cue) == expected)
    }
}
