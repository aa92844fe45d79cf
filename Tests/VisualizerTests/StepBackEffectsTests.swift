import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// A step back is done inside `update` when the engine undoes it or restores a kept state; one
/// into an older stretch of a long run, which replays from a keyframe (up to an interval of the
/// history: 127 steps here, thousands on long runs), comes back as a job that replays a slice
/// at a time, shows its progress and is cancelled by Esc with the state exactly as it was.
@Suite struct StepBackEffectsTests {
    /// A memory-only run of about 3,000 steps on a small pool, played to its end.
    static func longRun() throws -> AppState {
        let requests = (0..<1_500).map { index in
            EngineRequest(id: index, arrivalStep: index * 2, prompt: .tokens((0..<(3 + index % 7)).map { Int32(index * 10 + $0) }),
                          maxTokens: 2 + index % 5)
        }
        let config = EngineConfig(numBlocks: 24, blockSize: 4, scheduler: SchedulerConfig(maxNumBatchedTokens: 16, maxNumSeqs: 4))
        var state = try Fixtures.state([Fixtures.chapter { try Engine(config: config, requests: requests) }])
        dispatch(&state, .end)
        return state
    }

    /// A step of `state`'s run from which the step back replays more than `update` may: the
    /// start of an older segment of the history (the state is moved there).
    static func moveToAStepThatReplays(_ state: inout AppState) throws -> Int {
        let end = state.engine.step
        for step in stride(from: end / 64 * 64, through: 64, by: -64) {
            state.seek(to: step)
            if state.engine.stepsReplayed(goingBackTo: step - 1) > AppState.replaysInUpdate { return step }
        }
        Issue.record("no step of the run replays more than \(AppState.replaysInUpdate) steps to go back")
        throw UpdateEffectsTests.JobMissing()
    }

    @Test func aStepBackThatReplaysIsAJobAndStepsNothing() throws {
        var state = try Self.longRun()
        let end = state.engine.step
        #expect(end > 2_500 && state.engine.isComplete)
        // The first step back after going forward: done at once (at most 64 replayed steps).
        let (back, none) = update(state, .stepBack)
        #expect(none.isEmpty)
        #expect(back.engine.step == end - 1)

        let from = try Self.moveToAStepThatReplays(&state)
        let replays = state.engine.stepsReplayed(goingBackTo: from - 1)
        for action in [Action.stepBack, .moveCursor(dx: -1, dy: 0)] {
            let (after, effects) = update(state, action)
            // The engine on screen is the same one, at the same step, with the same picture.
            #expect(after.engine.step == from)
            #expect(after.snapshot == state.snapshot)
            #expect(try UpdateEffectsTests.job(effects).work == .seek(target: from - 1))
        }

        // The job replays a slice at a time, counting up to the step it goes back to.
        let (after, effects) = update(state, .stepBack)
        var run = JobRun(try UpdateEffectsTests.job(effects), on: after)
        run.advance(steps: 4)
        #expect(run.stepsRun == 4)
        #expect(!run.isDone)
        #expect(run.progress.total == from - 1)
        #expect(run.progress.done == from - 1 - replays + 4)
        #expect(run.progress.text(in: .en).hasPrefix("Replaying up to step \(from - 1) to step back: step "))
        let done = run.finish()
        #expect(done.engine.step == from - 1)
        var reference = try Engine(config: state.engine.config, requests: state.engine.requests)
        reference.seek(to: from - 1)
        #expect(done.snapshot == reference.snapshot)
        #expect(Fixtures.render(done).plainText() == Fixtures.render({
            var direct = state
            direct.seek(to: from - 1)
            return direct
        }()).plainText())

        // The steps back that follow undo the steps the job replayed: at once again.
        let (next, nextEffects) = update(done, .stepBack)
        #expect(nextEffects.isEmpty)
        #expect(next.engine.step == from - 2)
    }

    @Test func escCancelsTheReplayAndKeepsTheStateExactly() throws {
        var state = try Self.longRun()
        let from = try Self.moveToAStepThatReplays(&state)
        let (next, effects) = update(state, .stepBack)
        let (outcome, shown) = UpdateEffectsTests.performCancellingAtTheThirdPoll(try UpdateEffectsTests.job(effects), on: next, showing: state)
        guard case let .cancelled(kept) = outcome else {
            Issue.record("Esc should cancel the replay")
            return
        }
        // It was under way (two slices shown, short of the target), and nothing of it is left.
        #expect(shown.count == 2)
        #expect(shown.last.map { $0.done < from - 1 } == true)
        #expect(kept.engine.step == from)
        #expect(kept.snapshot == state.snapshot)
        #expect(Fixtures.render(kept).plainText() == Fixtures.render(state).plainText())
        // And the step back still works afterwards.
        let (again, jobs) = update(kept, .stepBack)
        #expect(dispatchAll(again, jobs).engine.step == from - 1)
    }

    /// The jobs `effects` holds, performed at once on `state`.
    private func dispatchAll(_ state: AppState, _ effects: [Effect]) -> AppState {
        var state = state
        for case let .run(job) in effects { state = JobRun(job, on: state).finish() }
        return state
    }
}
