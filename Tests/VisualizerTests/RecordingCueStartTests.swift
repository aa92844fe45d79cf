import Engine
import TerminalCanvas
import Testing
import KVScenario
import ScenarioChapters
@testable import Visualizer

/// A recording marks a cue where it fires, once, even when a `live` figure changes its text
/// at every later step (serving-run's countdown of the contiguous server's steps).
@Suite struct RecordingCueStartTests {
    @Test func aLiveCountdownStartsOnce() throws {
        let scenario = try ScenarioLoader.load(text: """
            title: {en: t, zh: t}
            mode: memory
            pool: {blocks: 12, block_size: 4}
            max_model_len: 16
            contiguous: max
            run_until: both
            requests:
              - {id: 0, prompt_tokens: 4, max_tokens: 8}
              - {id: 1, prompt_tokens: 4, max_tokens: 8}
              - {id: 2, prompt_tokens: 4, max_tokens: 8}
              - {id: 3, prompt_tokens: 4, max_tokens: 8}
            narration:
              - {step: 0, en: "start", zh: "开始"}
              - {on: all_finished, en: "left {contiguous_steps_left live}", zh: "还需 {contiguous_steps_left live}"}
            """, file: "t.yaml", name: "t")
        let chapter = Chapter(try ScenarioRun(scenario, file: "t.yaml"))
        let state = try AppState(chapters: [chapter], language: .en, colors: false, size: Size(width: 80, height: 24))
        var recorder = WalkthroughRecorder(state: state, maxSteps: nil, speed: 2)
        var cues: [String] = []
        var countdown = Set<String>()
        recorder.record { frame in
            if let cue = frame.cue { cues.append(cue) }
            if let text = frame.narration, text.hasPrefix("left") { countdown.insert(text) }
        }
        #expect(countdown.count > 2, "the countdown changes at every step: \(countdown)")
        #expect(cues.count == 2, "\(cues)")
        #expect(cues.first == "start")
    }
}
