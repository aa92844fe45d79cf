import Engine

/// Performs one `Job` a slice at a time on its own copy of the state. The run loop calls
/// `advance(until:)` between reading keys and draws `progress` when the job takes a while; the
/// state it was started from is never touched, so dropping a `JobRun` (Esc) leaves the screen
/// exactly as it was. Tests drive it with `advance(steps:)`.
public struct JobRun: Sendable {
    /// What is left to do.
    private enum Phase: Sendable {
        /// Forward to `target` (or the end of the run), a few steps a slice; `total` is what the
        /// progress line counts to (nil: the end of the run, not known in advance).
        case forward(target: Int, total: Int?, title: LocalizedText)
        /// Back to `target`, replaying from the history's nearest kept state a few steps a slice.
        case back(target: Int)
        /// `j`: one step at a time until a cue fires, at most `left` more steps.
        case moments(left: Int)
        /// `p`: the other setting's run, played to its end for the counter line.
        case comparing(PrefixComparison.Recording)
        /// A change of chapter: its engine being built (on another thread once the run loop
        /// waits for it with a deadline; at once, here, otherwise).
        case opening(index: Int, build: EngineBuild?)
        /// `k`/`K`: the previous block size's run, played to its end for the counter line.
        case comparingHits(BlockSizeComparison.Recording)
        case done
    }

    private var state: AppState
    private var phase: Phase
    /// After the forward phase of a `p` replay: the run to compare with.
    private var comparison: EngineConfig?
    /// After the forward phase of a `k`/`K` replay: the run with the previous block size.
    private var previousBlockSize: EngineConfig?
    /// Engine steps this job has run so far (both engines), for tests and the progress line.
    public private(set) var stepsRun = 0

    /// Engine steps between two looks at the clock.
    static let stepsPerSlice = 4

    public init(_ job: Job, on state: consuming AppState) {
        self.state = state
        self.phase = .done
        switch job.work {
        case let .replay(configs, step, comparison):
            startReplay(configs: configs, step: step, comparison: comparison)
        case let .reblock(configs, step, previous):
            startReplay(configs: configs, step: step, comparison: nil)
            if !isDone { previousBlockSize = previous }
        case let .seek(target):
            let target = max(0, target)
            if target < self.state.engine.step, self.state.engine.stepsReplayed(goingBackTo: target) > 0 {
                phase = .back(target: target)
            } else if target <= self.state.engine.step {
                self.state.seek(to: target)
            } else {
                phase = .forward(target: target, total: target,
                                 title: LocalizedText(en: "Going to step \(target)", zh: "跳到第 \(target) 步"))
            }
        case let .end(maxSteps):
            phase = .forward(target: self.state.engine.step + max(0, maxSteps), total: nil,
                             title: LocalizedText(en: "Running to the end", zh: "运行到结束"))
        case let .nextMoment(limit):
            phase = limit > 0 ? .moments(left: limit) : .done
        case let .chapter(index):
            phase = self.state.chapters.indices.contains(index) ? .opening(index: index, build: nil) : .done
        }
    }

    /// The first of `configs` whose engine builds replaces the run, at step 0; the replay then
    /// goes forward to `step`. When none builds, nothing changes (the job is done at once).
    private mutating func startReplay(configs: [EngineConfig], step: Int, comparison: EngineConfig?) {
        let requests = state.engine.requests
        for config in configs {
            guard let fresh = try? Engine(config: config, requests: requests) else { continue }
            let title = Self.replayTitle(config, from: state.engine.config)
            // A comparison run with settings the replay changes no longer fits the run on screen.
            let before = state.engine.config
            if config.blockSize != before.blockSize { state.prefixComparison = nil }
            if config.blockSize != before.blockSize || config.prefixCaching != before.prefixCaching {
                state.blockSizeComparison = nil
            }
            state.replaceEngine(fresh)
            self.comparison = comparison
            phase = .forward(target: step, total: step, title: title)
            return
        }
    }

    /// `p` switches prefix caching, `c` the contiguous reservation: the title names the change.
    private static func replayTitle(_ config: EngineConfig, from before: EngineConfig) -> LocalizedText {
        if config.blockSize != before.blockSize {
            return LocalizedText(en: "Replaying the run with blocks of \(config.blockSize) tokens",
                                 zh: "用 \(config.blockSize) token 的块重放这次运行")
        }
        if config.prefixCaching == before.prefixCaching, let policy = config.contiguousPolicy {
            return LocalizedText(en: "Replaying the run with the \(policy.rawValue) reservation",
                                 zh: "用 \(policy.rawValue) 预留方式重放这次运行")
        }
        return config.prefixCaching
            ? LocalizedText(en: "Replaying the run with prefix caching on", zh: "开启前缀缓存，重放这次运行")
            : LocalizedText(en: "Replaying the run with prefix caching off", zh: "关闭前缀缓存，重放这次运行")
    }

    public var isDone: Bool {
        if case .done = phase { return true }
        return false
    }

    /// The state the job has produced, once it is done.
    public var result: AppState? { isDone ? state : nil }

    /// Runs the whole job at once and returns its state (recordings, checks, tests).
    public consuming func finish() -> AppState {
        while !isDone { advance(steps: Int.max) }
        return state
    }

    /// Runs slices until `deadline` or the end of the job, whichever comes first. A chapter's
    /// engine is built on another thread meanwhile, so this returns by `deadline` however long
    /// the build takes.
    public mutating func advance(until deadline: ContinuousClock.Instant) {
        if case let .opening(index, build) = phase {
            let build = build ?? EngineBuild(state.chapters[index])
            guard let result = build.result(waitingUntil: deadline) else {
                phase = .opening(index: index, build: build)
                return
            }
            open(index, with: try? result.get())
            return
        }
        repeat {
            advance(steps: Self.stepsPerSlice)
        } while !isDone && ContinuousClock.now < deadline
    }

    /// Runs at most `steps` engine steps (one phase at a time), then returns.
    public mutating func advance(steps: Int) {
        guard steps > 0 else { return }
        switch phase {
        case .done:
            return
        case let .forward(target, _, _):
            let before = state.engine.step
            let next = before + min(steps, max(0, target - before))
            state.advanceEngine(.seek(next))
            stepsRun += state.engine.step - before
            if state.engine.step >= target || state.engine.isComplete || state.engine.step == before {
                state.moveEngine(.stay)
                startComparing()
            }
        case let .back(target):
            let before = state.engine.replayedSteps
            if state.replayBack(to: target, steps: steps) { phase = .done }
            stepsRun += state.engine.replayedSteps - before
        case let .moments(left):
            var left = left
            for _ in 0..<min(steps, left) {
                let before = state.engine.step
                state.moveEngine(.forward)
                stepsRun += state.engine.step - before
                left -= 1
                let step = state.engine.step
                if state.engine.isComplete || left == 0 || state.track.firing(at: step)?.step == step {
                    phase = .done
                    return
                }
            }
            phase = .moments(left: left)
        case let .opening(index, build):
            if let build {
                open(index, with: try? build.result(waitingUntil: nil)?.get())
            } else {
                open(index, with: try? AppState.build(state.chapters[index]))
            }
        case var .comparing(recording):
            advanceOtherRun(&recording, steps: steps)
            if recording.isDone { state.prefixComparison = recording.comparison }
            phase = recording.isDone ? .done : .comparing(recording)
        case var .comparingHits(recording):
            advanceOtherRun(&recording, steps: steps)
            if recording.isDone { state.blockSizeComparison = recording.comparison }
            phase = recording.isDone ? .done : .comparingHits(recording)
        }
    }

    /// Steps a comparison's other run by at most `steps`, counting them for the progress line.
    private mutating func advanceOtherRun<Figure>(_ recording: inout OtherRunRecording<Figure>, steps: Int) {
        let before = recording.steps
        recording.advance(steps: steps)
        stepsRun += recording.steps - before
    }

    /// Shows chapter `index` on its new engine; a chapter whose engine does not build is
    /// skipped (the state stays as it was).
    private mutating func open(_ index: Int, with engine: Engine?) {
        if let engine { state.showChapter(index, engine: engine) }
        phase = .done
    }

    /// After a `p` replay, the other setting's run from step 0 (nothing to do otherwise).
    private mutating func startComparing() {
        phase = .done
        if let previous = previousBlockSize {
            previousBlockSize = nil
            if let recording = BlockSizeComparison.Recording(blockSizeComparisonOf: previous, requests: state.engine.requests,
                                                             maxSteps: Job.comparisonSteps) {
                phase = .comparingHits(recording)
            }
            return
        }
        guard let config = comparison else { return }
        comparison = nil
        guard let recording = PrefixComparison.Recording(prefixComparisonOf: config, requests: state.engine.requests,
                                                         maxSteps: Job.comparisonSteps) else {
            state.prefixComparison = nil
            return
        }
        phase = .comparing(recording)
    }

    /// How far the job has got, for the progress line.
    public var progress: JobProgress {
        switch phase {
        case let .forward(_, total, title):
            return JobProgress(title: title, done: state.engine.step, total: total)
        case let .back(target):
            return JobProgress(title: LocalizedText(en: "Replaying up to step \(target) to step back",
                                                    zh: "重放到第 \(target) 步以便后退"),
                               done: state.engine.replayReached(goingBackTo: target) ?? state.engine.step, total: target)
        case .moments:
            return JobProgress(title: LocalizedText(en: "Looking for the next narrated moment", zh: "寻找下一个讲解时刻"),
                               done: state.engine.step, total: nil)
        case let .comparing(recording):
            let setting = recording.comparison.otherCaches
                ? LocalizedText(en: "on", zh: "开启")
                : LocalizedText(en: "off", zh: "关闭")
            return JobProgress(title: LocalizedText(en: "Running the run with prefix caching \(setting.en) to its end, to compare",
                                                    zh: "把\(setting.zh)前缀缓存的运行跑到结束，用于对比"),
                               done: recording.steps, total: nil)
        case let .opening(index, _):
            let chapter = state.chapters[index]
            let count = state.chapters.count
            return JobProgress(title: LocalizedText(en: "Opening chapter \(index + 1) of \(count), \(chapter.title.en)",
                                                    zh: "打开第 \(index + 1) 章（共 \(count) 章）：\(chapter.title.zh)"),
                               done: state.engine.step, total: nil, countsSteps: false)
        case let .comparingHits(recording):
            let size = recording.comparison.otherBlockSize
            return JobProgress(title: LocalizedText(en: "Running the run with blocks of \(size) tokens to its end, to compare",
                                                    zh: "把 \(size) token 块的运行跑到结束，用于对比"),
                               done: recording.steps, total: nil)
        case .done:
            return JobProgress(title: LocalizedText(en: "Done", zh: "完成"), done: state.engine.step, total: nil)
        }
    }
}
