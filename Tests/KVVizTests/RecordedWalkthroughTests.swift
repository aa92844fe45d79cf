import Engine
import Foundation
import KVDemos
import KVEvents
import KVScenario
import NarrationCheck
import TerminalCanvas
import Testing
import Visualizer
@testable import kvviz

/// The recorded walkthrough of the practice part: its recording decodes, is what kvviz's engine
/// publishes for the workload scripts/record-engine-demo.sh runs (so running the script again
/// records the same batches), and every cue holds on its screen.
@Suite struct RecordedWalkthroughTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let recording = root.appendingPathComponent("demos/recordings/engine-prefix-cache.kvlive")

    static func demo() throws -> RecordedDemo {
        try #require(try RecordedLibrary.demo(named: "engine-prefix-cache", in: DemoCatalog(option: nil, environment: [:])))
    }

    @Test func committedRecordingDecodesWholeAndIsEmbeddedByteForByte() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.recording))
        let (frames, truncated) = try LiveRecording.decode(bytes)
        #expect(!truncated)
        #expect(frames.count > 100 && bytes.count < 100_000, "\(frames.count) frames, \(bytes.count) bytes")
        #expect(BuiltInRecordings.recording("recordings/engine-prefix-cache.kvlive") == bytes)
        var cache = LiveCache()
        for frame in frames {
            guard case .applied = cache.receive(sequence: frame.sequence, payload: frame.payload, arrival: frame.arrival) else {
                Issue.record("frame \(frame.sequence) was not applied")
                return
            }
        }
        // What the walkthrough is about: trees grow, then blocks are evicted and trees removed.
        #expect(cache.state.totals.removed > 0 && cache.tracker.missing == 0 && cache.rejected == 0)
    }

    /// The batches of the recording are the engine's events for the script's workload, event for
    /// event (only the batches' timestamps differ from run to run).
    @Test func recordingIsTheEnginesRunOfTheScriptsWorkload() throws {
        let script = try String(contentsOf: Self.root.appendingPathComponent("scripts/record-engine-demo.sh"), encoding: .utf8)
        let line = try #require(script.split(separator: "\n").first { $0.hasPrefix("workload=(") })
        let arguments = line.dropFirst("workload=(".count).dropLast().split(separator: " ").map(String.init)
        let options = try WorkloadOptions.parse(arguments)
        let run = try options.run(SimulateCommand.defaults)
        var expected: [[KVEvent]] = []
        _ = Simulation.publishing(run) { _, drafts in
            if !drafts.isEmpty {
                expected.append(drafts.map { EnginePublisher.event($0, blockSize: run.configuration.blockSize, encoding: .map) })
            }
            return true
        }
        let frames = try LiveRecording.decode([UInt8](try Data(contentsOf: Self.recording))).frames
        let recorded = try frames.map { try KVEventDecoder.decode($0.payload).events }
        #expect(recorded.count == expected.count)
        for (index, (got, want)) in zip(recorded, expected).enumerated() where got != want {
            Issue.record("batch \(index) differs from the engine's")
            break
        }
    }

    @Test func everyCueHoldsOnItsScreen() throws {
        let demo = try Self.demo()
        #expect(demo.walkthrough.cues.count >= 6)
        let problems = RecordedWalkthroughChecker().check(demo.walkthrough, frames: demo.frames, file: "engine-prefix-cache.yaml")
        #expect(problems.isEmpty, "\(problems)")
    }

    /// The checker is not a formality: a false claim, a cue too long for its box and a figure
    /// the screen does not print are each reported.
    @Test func checkerReportsWhatTheScreenContradicts() throws {
        let frames = try Self.demo().frames
        let long = (1...60).map { "word\($0)" }.joined(separator: " ")
        let text = """
            title: {en: t, zh: 标题}
            recording: engine-prefix-cache.kvlive
            narration:
              - frame: 1
                en: "{cached_blocks} blocks"
                zh: "{cached_blocks} 块"
                expect: [cached_blocks == 3]
              - frame: 2
                en: "\(long)"
                zh: "太长"
              - frame: 3
                en: "same"
                zh: "same"
            """
        let walkthrough = try RecordedWalkthroughLoader.load(text: text, file: "bad.yaml", name: "bad")
        let problems = RecordedWalkthroughChecker().check(walkthrough, frames: frames, file: "bad.yaml").map(\.description)
        #expect(problems.contains { $0.hasPrefix("bad.yaml:4: cue 0, step 1:") && $0.contains("false claim: expect 'cached_blocks == 3'") }, "\(problems)")
        #expect(problems.contains { $0.contains("cue 1") && $0.contains("the narration is cut at 80x24") }, "\(problems)")
        #expect(problems.contains { $0.contains("cue 2") && $0.contains("missing translation") }, "\(problems)")
    }

    @Test func badWalkthroughFilesNameTheLineAndField() {
        func problem(_ text: String) -> String {
            do {
                _ = try RecordedWalkthroughLoader.load(text: text, file: "x.yaml", name: "x")
                return "loaded"
            } catch { return error.description }
        }
        let head = "title: {en: t, zh: 标题}\nrecording: r.kvlive\nnarration:\n"
        #expect(problem(head + "  - {frame: 1, en: \"{blocks}\", zh: z}\n").contains("x.yaml:4: narration[0].en: unknown figure {blocks}"))
        #expect(problem(head + "  - {frame: 2, en: a, zh: b}\n  - {frame: 1, en: a, zh: b}\n").contains("is not after the previous cue's frame 2"))
        #expect(problem(head + "  - {frame: 1, en: a, zh: b, expect: [frame > x]}\n").contains("expected 'FIGURE OP NUMBER'"))
        #expect(problem("title: {en: t, zh: 标题}\nrecording: ../x.kvlive\nnarration: []\n").contains("recording: expected the file name of a .kvlive recording"))
        #expect(problem(head + "  - {frame: 1, en: a}\n").contains("narration[0]: needs a 'zh' text"))
    }

    /// Going on past the practice part's last chapter leaves for the recorded walkthrough; the
    /// end line names it.
    @Test func tourGoesOnFromTheLastChapterToTheRecordedWalkthrough() throws {
        let chapters = try ChapterLibrary.tour(DemoCatalog(option: nil, environment: [:]), part: .practice)
        var state = try AppState(chapters: [try #require(chapters.last)], language: .en, colors: false, size: .init(width: 120, height: 40))
        state.followedBy = LocalizedText(en: "Recorded", zh: "录像")
        _ = dispatch(&state, .end)
        var canvas = Canvas(size: Size(width: 120, height: 40))
        view(state, into: &canvas)
        #expect(canvas.plainText().contains("→ next: 2/2 Recorded"), "\(canvas.plainText())")
        #expect(dispatch(&state, .stepForward) == [.leave])
        #expect(dispatch(&state, .nextChapter) == [.leave])
        var alone = try AppState(chapters: [try #require(chapters.last)], language: .en, colors: false, size: .init(width: 120, height: 40))
        #expect(dispatch(&alone, .nextChapter).isEmpty)
    }

    static func drawn(_ player: RecordedPlayer, _ size: Size = Size(width: 120, height: 40)) -> String {
        var player = player
        player.resize(size)
        var canvas = Canvas(size: size)
        LiveView.draw(player.screen, on: &canvas)
        return canvas.plainText()
    }

    /// Like every chapter, the walkthrough opens with a card of its title and summary (its place
    /// in the tour when it has one); the first key closes it, Esc only closes it, and Esc never
    /// quits a walkthrough.
    @Test func theCardOpensTheWalkthroughAndTheFirstKeyClosesIt() throws {
        let demo = try Self.demo()
        var player = demo.player(language: .en)
        #expect(!Self.drawn(player).contains("[ Chapter"))
        player.showCard(place: 8, of: 8)
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            let text = Self.drawn(player, size)
            #expect(text.contains("[ Chapter 8/8 ]") && text.contains("A server's prefix cache, as its KV events tell it"), "\(text)")
            #expect(text.contains("kvviz's own engine publishing vLLM's KV events") && text.contains("Esc close"), "\(text)")
        }
        player.setLanguage(.zh)
        #expect(Self.drawn(player).contains("[ 第 8/8 章 ]") && Self.drawn(player).contains("从 KV 事件看服务器的前缀缓存"))
        for action: LiveAction in [.toggleHelp, .toggleHelp, .resize(Size(width: 100, height: 30))] {
            _ = player.apply(action)
            #expect(player.screen.card != nil, "\(action)")
        }
        let esc = try #require(LiveScreen.action(forKey: .escape, replay: true, walkthrough: true))
        #expect(esc == .close)
        #expect(player.apply(esc) == .stay)
        #expect(player.screen.card == nil && player.position == 0)
        // Another key closes it and does what it says.
        player.showCard()
        #expect(Self.drawn(player).contains("[ 章节 ]"))
        _ = player.apply(.step(1))
        #expect(player.screen.card == nil && player.position == 1)
        // Esc closes the help, then the inspected block; it is never a quit.
        _ = player.apply(.toggleHelp)
        #expect(player.apply(esc) == .stay && !player.screen.showHelp)
    }

    /// The recording has no /metrics frames: the walkthrough leaves the server line empty
    /// instead of asking for --metrics; a replay of it says what it holds.
    @Test func aRecordingWithoutMetricsNeverAsksForMetrics() throws {
        let demo = try Self.demo()
        #expect(!demo.frames.contains { $0.kind == .metrics })
        let player = demo.player(language: .en)
        #expect(player.screen.recordedWithoutMetrics)
        for language in Language.allCases {
            var shown = player
            shown.setLanguage(language)
            #expect(!Self.drawn(shown).contains("--metrics"), "\(language)")
        }
        var replay = LiveScreen(source: "x.kvlive")
        replay.recordedWithoutMetrics = true
        replay.playback = LiveScreen.Playback(position: 0, count: 3)
        var canvas = Canvas(size: Size(width: 80, height: 24))
        LiveView.draw(replay, on: &canvas)
        #expect(canvas.plainTextLines()[1].trimmingCharacters(in: .whitespaces) == "recorded without --metrics: KV events only, no server figures")
        replay.recordedWithoutMetrics = false
        LiveView.draw(replay, on: &canvas)
        #expect(canvas.plainTextLines()[1].contains("no --metrics"))
    }

    /// `kvviz render` of the recorded walkthrough: every frame of the recording, a cue's reading
    /// time where it starts and one frame at the speed elsewhere, without the interactive chrome.
    @Test func renderPlaysEveryFrameWithTheCuesWhereTheyStart() throws {
        let demo = try Self.demo()
        var recorder = RecordedWalkthroughRecorder(player: demo.player(language: .en), size: Size(width: 80, height: 24),
                                                   language: .en, appearance: Appearance(), maxFrames: nil, speed: 2)
        var frames: [RecordedFrame] = []
        recorder.record { frames.append($0) }
        #expect(frames.map(\.step) == Array(0...demo.frames.count))
        #expect(frames.filter { $0.cue != nil }.map(\.step) == demo.walkthrough.cues.map(\.frame))
        for frame in frames {
            let text = frame.canvas.plainText()
            #expect(!text.contains("❚❚") && !text.contains("Space play") && !text.contains("▶ "), "frame \(frame.step)")
            #expect(frame.canvas.plainTextLines()[23].hasPrefix(" kvviz · to explore this walkthrough yourself"))
            #expect(text.contains("frame \(frame.step)/\(demo.frames.count) · vLLM prefix cache"))
            #expect(frame.cue == nil ? frame.duration == 0.5 : frame.duration >= 2, "frame \(frame.step)")
        }
        // The last cue, its placeholders filled in (the totals are the recording's; record-engine-demo.sh).
        let last = try #require(frames.last?.narration)
        #expect(last.hasPrefix("The end: ") && last.contains(" blocks stored, ") && !last.contains("{"), "\(last)")
        var short = RecordedWalkthroughRecorder(player: demo.player(language: .zh), size: Size(width: 120, height: 40),
                                                language: .zh, appearance: Appearance(), maxFrames: 5, speed: 2)
        var count = 0
        short.record { _ in count += 1 }
        #expect(count == 6)
        #expect(short.label(3, language: .zh) == "第 3 帧")
    }
}
