import Engine
import Foundation
import KVScenario
import ScenarioChapters
import TerminalCanvas
import Testing
@testable import Visualizer

/// Recordings of every walkthrough: a marker where each narration cue starts (and nowhere else),
/// frames held for the narration's reading time, the whole walkthrough covered.
@Suite("Walkthrough recordings")
struct WalkthroughRecorderTests {
    static let speed = 2.0

    /// Records `file` whole (render's default) at 80x24, where frames draw fastest.
    static func record(_ file: String, language: Language) throws -> (frames: [RecordedFrame], state: AppState) {
        let state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: language, colors: false,
                                 size: Size(width: 80, height: 24))
        var recorder = WalkthroughRecorder(state: state, maxSteps: nil, speed: speed)
        var frames: [RecordedFrame] = []
        recorder.record { frames.append($0) }
        #expect(recorder.state.engine.isComplete, "\(file): the recording stops before the walkthrough ends")
        return (frames, recorder.state)
    }

    @Test("every cue of every walkthrough gets one marker, at the step it fires; frames held for their reading time", arguments: DemoWalkthroughTests.files)
    func markersFollowCues(file: String) throws {
        // Markers come from the narration track, whatever the language: zh is checked on one file.
        for language in file.hasPrefix("01-") ? [Language.en, .zh] : [.en] {
            let (frames, state) = try Self.record(file, language: language)
            let markedSteps = frames.filter { $0.cue != nil }.map(\.step)
            let firedSteps = state.track.firings.map(\.step)
            #expect(markedSteps == firedSteps, "\(file) \(language): markers at \(markedSteps), cues fired at \(firedSteps)")
            Self.checkDurations(frames, file: file)
            // A cue for the other prefix-caching setting fires only after p (prefix-sharing's last two).
            let possible = state.track.script.cues.filter { ($0.describes?.prefixCaching ?? state.engine.prefixCaching) == state.engine.prefixCaching }
            #expect(Set(state.track.firings.map(\.cue)).count == possible.count,
                    "\(file) \(language): \(possible.count - Set(state.track.firings.map(\.cue)).count) cue(s) never fire")
        }
    }

    static func checkDurations(_ frames: [RecordedFrame], file: String) {
        for frame in frames {
            if let cue = frame.cue {
                #expect(frame.duration == ReadingTime.seconds(toRead: cue, pause: frame.pauses), "\(file) step \(frame.step)")
                #expect(frame.duration >= ReadingTime.minimum)
            } else {
                #expect(frame.duration == 1 / Self.speed, "\(file) step \(frame.step)")
            }
        }
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.step < $1.step }, "\(file): steps go back")
    }

    @Test("a cue whose live figure changes its words is still one marker; a repeated text is a new one")
    func markersAreCueFiringsNotTextChanges() throws {
        let scenario = try ScenarioLoader.load(text: """
            title: {en: t, zh: t}
            pool: {blocks: 6, block_size: 4}
            requests:
              - {id: 0, prompt: "今天天气", continuation: "很好很好"}
            narration:
              - {step: 0, en: "step {step live}", zh: "第 {step live} 步"}
              - {step: 3, en: "same words", zh: "一样"}
              - {step: 4, en: "same words", zh: "一样"}
            """, file: "t.yaml", name: "t")
        let chapter = try Chapter(ScenarioRun(scenario, file: "t.yaml"))
        let state = try AppState(chapters: [chapter], language: .en, colors: false, size: Size(width: 80, height: 24))
        var recorder = WalkthroughRecorder(state: state, maxSteps: nil, speed: Self.speed)
        var frames: [RecordedFrame] = []
        recorder.record { frames.append($0) }
        #expect(frames.prefix(5).map(\.narration) == ["step 0", "step 1", "step 2", "same words", "same words"])
        #expect(frames.prefix(5).map { $0.cue != nil } == [true, false, false, true, true])
    }
}
