import Dispatch
import Engine
import KVCore
import Synchronization
import TerminalCanvas
import Testing
@testable import Visualizer

/// A change of chapter builds an engine: `update` hands it back as a job (`Job.Work.chapter`)
/// and builds nothing; the job builds the engine (on another thread in the run loop, so the
/// progress line shows and Esc cancels while it is built).
@Suite struct ChapterEffectsTests {
    /// Counts the engines each chapter has built.
    final class Builds: Sendable {
        let count = Atomic<Int>(0)
        var value: Int { count.load(ordering: .sequentiallyConsistent) }
    }

    static func engine(requests: Int = 2) throws -> Engine {
        try Fixtures.decoderEngine(blocks: 16, requests: Fixtures.chat(count: requests, maxTokens: 2))
    }

    /// Three chapters whose engines count their builds.
    static func tour(_ builds: Builds) throws -> AppState {
        let chapters = (0..<3).map { index in
            Fixtures.chapter("chapter\(index)") {
                builds.count.add(1, ordering: .sequentiallyConsistent)
                return try engine(requests: index + 1)
            }
        }
        return try Fixtures.state(chapters)
    }

    /// The chapter `update` asks for, after checking it built nothing and left the state as it was.
    static func requestedChapter(_ state: AppState, _ action: Action, builds: Builds) throws -> (AppState, Int) {
        let before = builds.value
        let (after, effects) = update(state, action)
        #expect(builds.value == before, "update built an engine for \(action)")
        #expect(after.chapterIndex == state.chapterIndex)
        #expect(after.engine.step == state.engine.step)
        #expect(after.snapshot == state.snapshot)
        let job = try UpdateEffectsTests.job(effects)
        guard case let .chapter(index) = job.work else {
            Issue.record("\(action) should open a chapter, got \(job.work)")
            throw UpdateEffectsTests.JobMissing()
        }
        // Performed, the job builds the chapter's engine once and shows its step 0.
        let done = JobRun(job, on: after).finish()
        #expect(builds.value == before + 1)
        #expect(done.chapterIndex == index)
        #expect(done.engine.step == 0)
        return (done, index)
    }

    @Test func everyChangeOfChapterIsAJobAndUpdateBuildsNothing() throws {
        let builds = Builds()
        var state = try Self.tour(builds)
        #expect(builds.value == 1)
        #expect(try Self.requestedChapter(state, .nextChapter, builds: builds).1 == 1)
        dispatch(&state, .nextChapter)
        #expect(state.chapterIndex == 1)
        #expect(try Self.requestedChapter(state, .previousChapter, builds: builds).1 == 0)
        // Restart, part way through the chapter: the same chapter from its start.
        dispatch(&state, .stepForward)
        #expect(state.engine.step == 1)
        #expect(try Self.requestedChapter(state, .restart, builds: builds).1 == 1)
        // At a chapter's end, Right (with or without the grid's focus elsewhere), Space and `j`
        // go on to the next chapter.
        dispatch(&state, .end)
        #expect(state.engine.isComplete)
        for action: Action in [.stepForward, .moveCursor(dx: 1, dy: 0), .togglePlay, .nextMoment] {
            #expect(try Self.requestedChapter(state, action, builds: builds).1 == 2)
        }
    }

    @Test func noChapterBeyondTheTourAsksForNothing() throws {
        let builds = Builds()
        var state = try Self.tour(builds)
        #expect(update(state, .previousChapter).1.isEmpty)
        dispatch(&state, .nextChapter)
        dispatch(&state, .nextChapter)
        #expect(state.chapterIndex == 2)
        #expect(update(state, .nextChapter).1.isEmpty)
        // At the last chapter's end, Right stays (nothing to open).
        dispatch(&state, .end)
        let (after, effects) = update(state, .stepForward)
        #expect(effects.isEmpty)
        #expect(after.chapterIndex == 2)
        #expect(after.engine.step == state.engine.step)
    }

    /// With a walkthrough after the last chapter (the practice part's recording), every key that
    /// goes on at a chapter's end leaves for it: Right with or without the grid's focus, n, j.
    @Test func atTheLastChaptersEndEveryGoOnKeyLeavesForWhatFollows() throws {
        let builds = Builds()
        var state = try Self.tour(builds)
        state.followedBy = LocalizedText(en: "Recorded", zh: "录像")
        dispatch(&state, .nextChapter)
        dispatch(&state, .nextChapter)
        dispatch(&state, .end)
        #expect(state.chapterIndex == 2 && state.engine.isComplete)
        for action: Action in [.stepForward, .moveCursor(dx: 1, dy: 0), .togglePlay, .nextMoment, .nextChapter] {
            let (after, effects) = update(state, action)
            #expect(effects == [.leave], "\(action)")
            #expect(after.engine.step == state.engine.step)
        }
        // Before the end, Right still steps.
        dispatch(&state, .home)
        #expect(update(state, .moveCursor(dx: 1, dy: 0)).1.isEmpty)
    }

    @Test func aChapterThatDoesNotBuildIsSkippedAndTheStateStays() throws {
        struct Broken: Error {}
        let chapters = [Fixtures.chapter("fine") { try Self.engine() },
                        Fixtures.chapter("broken") { throw Broken() }]
        var state = try Fixtures.state(chapters)
        dispatch(&state, .stepForward)
        let before = state
        dispatch(&state, .nextChapter)
        #expect(state.chapterIndex == 0)
        #expect(state.engine.step == before.engine.step)
        #expect(state.snapshot == before.snapshot)
    }

    /// The run loop's way: the build runs on another thread, the driver shows the progress line
    /// after its threshold and Esc drops the job while the engine is still being built (the
    /// build here waits for the test, so the driver cannot have waited for it).
    @Test func escCancelsASlowChapterBuildWhileItRuns() throws {
        let gate = DispatchSemaphore(value: 0)
        let builds = Builds()
        let chapters = [Fixtures.chapter("first") { try Self.engine() },
                        Fixtures.chapter("slow") {
                            builds.count.add(1, ordering: .sequentiallyConsistent)
                            gate.wait()
                            return try Self.engine(requests: 3)
                        }]
        var state = try Fixtures.state(chapters)
        dispatch(&state, .stepForward)
        let (next, effects) = update(state, .nextChapter)
        let job = try UpdateEffectsTests.job(effects)

        var driver = JobDriver()
        driver.sliceLength = .milliseconds(5)
        driver.progressAfter = .milliseconds(20)
        var shown: [JobProgress] = []
        let outcome = driver.perform(job, on: next, showing: state, poll: {
            shown.isEmpty ? [] : [.cancel]
        }, show: { _, progress in shown.append(progress) })
        gate.signal()

        guard case let .cancelled(kept) = outcome else {
            Issue.record("Esc should cancel the chapter's build")
            return
        }
        #expect(builds.value == 1)
        #expect(shown.count == 1)
        #expect(shown.first?.text(in: .en) == "Opening chapter 2 of 2, Paged KV cache   Esc cancels")
        #expect(shown.first?.text(in: .zh) == "打开第 2 章（共 2 章）：分页 KV 缓存   Esc 取消")
        #expect(kept.chapterIndex == 0)
        #expect(kept.engine.step == 1)
        #expect(kept.snapshot == state.snapshot)
    }

    /// Given time, the same driver shows the built chapter.
    @Test func theRunLoopsBuildFinishesOnItsOwnThread() throws {
        let chapters = [Fixtures.chapter("first") { try Self.engine() },
                        Fixtures.chapter("second") { try Self.engine(requests: 3) }]
        let state = try Fixtures.state(chapters)
        let (next, effects) = update(state, .nextChapter)
        var driver = JobDriver()
        driver.sliceLength = .milliseconds(1)
        let outcome = driver.perform(try UpdateEffectsTests.job(effects), on: next, showing: state,
                                     poll: { [] }, show: { _, _ in })
        guard case let .done(done) = outcome else {
            Issue.record("the chapter should open")
            return
        }
        #expect(done.chapterIndex == 1)
        #expect(done.snapshot == (try Self.engine(requests: 3)).snapshot)
    }
}
