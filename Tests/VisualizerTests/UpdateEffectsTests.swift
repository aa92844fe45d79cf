import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// `update` in the Elm shape: the keys that move the engine many steps (`p`, `c`, Home, End,
/// `j`) return a job and leave the engine where it was; `JobRun` and `JobDriver` do the work, a
/// slice at a time, and Esc drops it with the state exactly as it was.
@Suite struct UpdateEffectsTests {
    static func state(requests: Int = 5, maxTokens: Int = 8) throws -> AppState {
        let chapter = Fixtures.chapter {
            try Fixtures.decoderEngine(blocks: 64, requests: Fixtures.chat(count: requests, maxTokens: maxTokens),
                                       contiguous: .max)
        }
        return try Fixtures.state([chapter])
    }

    /// The one job `effects` holds (fails the test otherwise).
    /// Runs `job` a slice at a time with the progress line shown from the start, pressing Esc
    /// at the third poll; answers how it ended and every progress line shown.
    static func performCancellingAtTheThirdPoll(_ job: Job, on state: AppState, showing shownState: AppState)
        -> (JobDriver.Outcome, [JobProgress]) {
        var driver = JobDriver()
        driver.sliceLength = .zero
        driver.progressAfter = .zero
        var polls = 0
        var shown: [JobProgress] = []
        let outcome = driver.perform(job, on: state, showing: shownState, poll: {
            polls += 1
            return polls == 3 ? [.cancel] : []
        }, show: { _, progress in shown.append(progress) })
        return (outcome, shown)
    }

    static func job(_ effects: [Effect]) throws -> Job {
        guard effects.count == 1, case let .run(job) = effects[0] else {
            Issue.record("expected one job, got \(effects)")
            throw JobMissing()
        }
        return job
    }

    struct JobMissing: Error {}

    @Test func pReturnsAReplayAndStepsNothing() throws {
        var state = try Self.state()
        for _ in 0..<6 { dispatch(&state, .stepForward) }
        let (after, effects) = update(state, .togglePrefixCaching)
        // The engine on screen is the same one, at the same step, with the same picture.
        #expect(after.engine.step == 6)
        #expect(after.engine.config == state.engine.config)
        #expect(after.snapshot == state.snapshot)
        #expect(after.prefixComparison == nil)
        var toggled = state.engine.config
        toggled.prefixCaching.toggle()
        let job = try Self.job(effects)
        #expect(job.work == .replay(configs: [toggled], step: 6, comparison: state.engine.config))

        // The job does the stepping: the replay to step 6, then the other run to its end.
        var run = JobRun(job, on: after)
        #expect(run.stepsRun == 0)
        while !run.isDone { run.advance(steps: 1_000) }
        #expect(run.stepsRun > 6)
        let done = try #require(run.result)
        var reference = try Engine(config: toggled, requests: state.engine.requests)
        reference.seek(to: 6)
        #expect(done.snapshot == reference.snapshot)
        #expect(done.prefixComparison?.otherCaches == state.engine.prefixCaching)
        #expect(done.prefixComparison?.otherKVComputed(at: 6) == state.snapshot.counters.kvComputedTotal)
    }

    @Test func cReturnsAReplayWithTheNextPoliciesAndStepsNothing() throws {
        var state = try Self.state()
        for _ in 0..<4 { dispatch(&state, .stepForward) }
        let (after, effects) = update(state, .cycleContiguousPolicy)
        #expect(after.engine.step == 4)
        #expect(after.engine.config.contiguousPolicy == .max)
        #expect(after.snapshot == state.snapshot)
        let job = try Self.job(effects)
        guard case let .replay(configs, step, comparison) = job.work else {
            Issue.record("c should replay, got \(job.work)")
            return
        }
        let all = ContiguousPolicy.allCases
        let start = try #require(all.firstIndex(of: .max))
        #expect(configs.map(\.contiguousPolicy) == (1..<all.count).map { all[(start + $0) % all.count] })
        #expect(configs.first?.contiguousPolicy == .pow2)
        #expect(step == 4)
        #expect(comparison == nil)
        var run = JobRun(job, on: after)
        run.advance(steps: 2)
        #expect(run.stepsRun == 2)
        #expect(!run.isDone)
        let done = run.finish()
        #expect(done.engine.config.contiguousPolicy == .pow2)
        #expect(done.engine.step == 4)
    }

    @Test func homeEndAndNextMomentAreJobsToo() throws {
        var state = try Self.state()
        for _ in 0..<3 { dispatch(&state, .stepForward) }
        let (atEnd, endEffects) = update(state, .end)
        #expect(atEnd.engine.step == 3)
        #expect(try Self.job(endEffects).work == .end(maxSteps: 100_000))
        let (atHome, homeEffects) = update(state, .home)
        #expect(atHome.engine.step == 3)
        #expect(try Self.job(homeEffects).work == .seek(target: 0))
        // Performed, End reaches the end of the run and Home step 0.
        dispatch(&state, .end)
        #expect(state.engine.isComplete)
        dispatch(&state, .home)
        #expect(state.engine.step == 0)
    }

    @Test func escCancelsALongReplayAndKeepsTheStateExactly() throws {
        var state = try Self.state(requests: 30, maxTokens: 12)
        for _ in 0..<40 { dispatch(&state, .stepForward) }
        let target = state.engine.step
        #expect(target > 8)
        dispatch(&state, .toggleHelp)
        let (next, effects) = update(state, .togglePrefixCaching)
        let job = try Self.job(effects)

        let (outcome, shown) = Self.performCancellingAtTheThirdPoll(job, on: next, showing: state)

        guard case let .cancelled(kept) = outcome else {
            Issue.record("Esc should cancel the replay")
            return
        }
        // It was under way (two slices shown, short of step 40), and nothing of it is left.
        #expect(shown.count == 2)
        #expect(shown.last.map { $0.done > 0 && $0.done < target } == true)
        #expect(shown.last?.total == target)
        #expect(kept.engine.step == target)
        #expect(kept.engine.config == state.engine.config)
        #expect(kept.snapshot == state.snapshot)
        #expect(kept.prefixComparison == state.prefixComparison)
        #expect(kept.showsHelp)
        #expect(Fixtures.render(kept).plainText() == Fixtures.render(state).plainText())
    }

    /// Only Esc cancels a job and q leaves; every other key pressed meanwhile (End then `k`,
    /// `p` again, an arrow, a click) waits for it: the job runs to its end and the progress
    /// line counts the keys queued behind it.
    @Test func keysOtherThanEscWaitForTheJobAndTheLineCountsThem() throws {
        let keys: [Key] = [.char("k"), .char("K"), .char("p"), .char("c"), .end, .home, .right, .left, .space,
                           .char("j"), .char("n"), .char("r"), .enter, .tab, .pageDown, .char("L"), .char("?")]
        for key in keys {
            let action = Visualizer.action(forKey: key)
            #expect(action.map(JobDriver.interrupt) == .held, "\(key)")
        }
        #expect(JobDriver.interrupt(for: .otherKey) == .held)
        #expect(JobDriver.interrupt(for: .click(x: 3, y: 5)) == .held)
        #expect(Visualizer.action(forKey: .escape).map(JobDriver.interrupt) == .cancel)
        #expect(Visualizer.action(forKey: .char("q")).map(JobDriver.interrupt) == .quit)
        #expect(JobDriver.interrupt(for: .resize(Size(width: 90, height: 30))) == .resize(Size(width: 90, height: 30)))

        var state = try Self.state(requests: 30, maxTokens: 12)
        for _ in 0..<40 { dispatch(&state, .stepForward) }
        let target = state.engine.step
        let (next, effects) = update(state, .togglePrefixCaching)
        var driver = JobDriver()
        driver.sliceLength = .zero
        driver.progressAfter = .zero
        var polls = 0
        var shown: [JobProgress] = []
        let outcome = driver.perform(try Self.job(effects), on: next, showing: state, poll: {
            polls += 1
            // `k`, then `p` and End together, while the replay runs.
            switch polls {
            case 2: return [JobDriver.interrupt(for: .cycleBlockSize(larger: true))]
            case 3: return [.held, .held]
            default: return []
            }
        }, show: { _, progress in shown.append(progress) })
        guard case let .done(done) = outcome else {
            Issue.record("a key other than Esc must not end the job")
            return
        }
        // The job ran to its end: the replay reached the step and the other run was compared.
        #expect(done.engine.step == target)
        #expect(done.engine.prefixCaching != state.engine.prefixCaching)
        #expect(done.prefixComparison != nil)
        #expect(shown.count > 3)
        #expect(shown.first?.waitingKeys == 0)
        #expect(shown.dropFirst(2).allSatisfy { $0.waitingKeys == 3 })
        #expect(shown[1].waitingKeys == 1)
        #expect(shown.last?.text(in: .en).hasSuffix("Esc cancels · 3 keys queued") == true)
        #expect(shown.last?.text(in: .zh).hasSuffix("Esc 取消 · 3 个按键排队中") == true)
        #expect(shown[1].text(in: .en).hasSuffix("Esc cancels · 1 key queued"))
    }

    @Test func aJobUnderTheThresholdShowsNoProgressAndAResizeReachesItsResult() throws {
        var state = try Self.state()
        for _ in 0..<3 { dispatch(&state, .stepForward) }
        let (next, effects) = update(state, .togglePrefixCaching)
        var polled = false
        var shows = 0
        var driver = JobDriver()
        driver.progressAfter = .seconds(600)
        let outcome = driver.perform(try Self.job(effects), on: next, showing: state, poll: {
            defer { polled = true }
            return polled ? [] : [.resize(Size(width: 100, height: 30))]
        }, show: { _, _ in shows += 1 })
        guard case let .done(done) = outcome else {
            Issue.record("the replay should finish")
            return
        }
        #expect(shows == 0)
        #expect(done.size == Size(width: 100, height: 30))
        #expect(done.engine.prefixCaching != state.engine.prefixCaching)
        #expect(done.engine.step == 3)
    }

    @Test func theProgressLineSaysWhatAndHowToCancelInBothLanguages() {
        let progress = JobProgress(title: LocalizedText(en: "Replaying the run with prefix caching off",
                                                        zh: "关闭前缀缓存，重放这次运行"), done: 120, total: 800)
        #expect(progress.text(in: .en) == "Replaying the run with prefix caching off: step 120 of 800   Esc cancels")
        #expect(progress.text(in: .zh) == "关闭前缀缓存，重放这次运行：第 120 步，共 800 步   Esc 取消")
        var canvas = Canvas(size: Size(width: 80, height: 24))
        JobProgressLine.draw(progress, language: .en, on: &canvas)
        #expect(canvas.plainTextLines()[23].hasPrefix(" Replaying the run with prefix caching off: step 120 of 800"))
    }
}
