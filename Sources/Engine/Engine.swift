import KVCore

/// Drives a run step by step: schedule, allocate, run the decoder (or synthesise tokens), append,
/// free. Produces a `Snapshot` per step and can step back to any earlier step exactly, keeping
/// only a bounded number of keyframes and undo records (`EngineHistory`).
public struct Engine: Sendable {
    public let config: EngineConfig
    public let requests: [EngineRequest]
    private let tokenizerInfo: TokenText
    private var state: EngineState
    private var history: EngineHistory
    /// The picture of the current step: the one snapshot of the run, rebuilt by every call that
    /// moves the engine (once per call, however many steps it takes), and read by everyone else.
    /// (`rebuildSnapshot()` hands it to the builder, so that the new one reuses its storage
    /// without copying it.)
    public private(set) var snapshot: Snapshot
    /// Snapshots built by patching the previous one's blocks (tests check the fast path runs).
    private(set) var patchedSnapshots = 0
    /// Whether stepping back undoes steps from journals (tests check the fast path runs).
    var undoesByJournal: Bool { history.journals }
    /// Steps the history has replayed to step back.
    public var replayedSteps: Int { history.replayedSteps }

    /// Validates the run and prepares step 0.
    public init(config: EngineConfig, requests: [EngineRequest]) throws(EngineError) {
        try Engine.validate(config, requests)
        self.config = config
        self.requests = requests
        let setup = try EngineSetup(config: config, requests: requests)
        self.tokenizerInfo = setup.text
        self.state = setup.initialState
        self.history = EngineHistory(initial: setup.initialState)
        self.snapshot = SnapshotBuilder(config: config, state: setup.initialState, text: setup.text).build()
    }

    // MARK: Stepping

    /// Steps completed so far.
    public var step: Int { state.step }
    /// The run has ended: the paged server is done and, with `config.runUntil == .both`, the
    /// contiguous baseline too.
    public var isComplete: Bool { Engine.isComplete(state, until: config.runUntil) }
    public var scheduler: Scheduler { state.scheduler }

    /// Runs one step. Does nothing once the run has ended.
    public mutating func stepForward() {
        guard !isComplete else { return }
        advanceRecording()
        rebuildSnapshot()
    }

    private mutating func advanceRecording() {
        Engine.advance(&state)
        history.record(state)
    }

    private mutating func rebuildSnapshot() {
        let previous = snapshot
        snapshot = .handedOver
        let built = SnapshotBuilder(config: config, state: state, text: tokenizerInfo).buildNoting(previous: consume previous)
        snapshot = built.snapshot
        if built.patchedBlocks { patchedSnapshots += 1 }
    }

    /// The current step's snapshot built from scratch, sharing nothing with the previous one
    /// (tests compare it with `snapshot`).
    func snapshotFromScratch() -> Snapshot {
        SnapshotBuilder(config: config, state: state, text: tokenizerInfo).build()
    }

    /// Restores the state one step earlier (exactly as it was).
    public mutating func stepBack() {
        seek(to: step - 1)
    }

    /// Goes to step `target` (clamped at 0 and at the end of the run), replaying as needed.
    public mutating func seek(to target: Int) {
        let target = max(0, target)
        if target == step { return }
        if target > step {
            while step < target, !isComplete { advanceRecording() }
        } else {
            history.restore(&state, to: target) { Engine.advance(&$0) }
        }
        rebuildSnapshot()
    }

    /// Steps that going back to `target` replays from a kept state (0 when the history undoes the
    /// steps or restores a kept state at once); with a replay toward `target` under way, the
    /// steps it has left. What a caller that must stay responsive checks before `seek(to:)`.
    public func stepsReplayed(goingBackTo target: Int) -> Int {
        target < step ? history.stepsToReplay(from: step, to: max(0, target)) : 0
    }

    /// One slice of going back to `target`: replays at most `steps` steps. True once the engine
    /// is at `target` (its snapshot rebuilt); false, with the engine unchanged, while the replay
    /// needs more slices (the next call goes on where this one stopped).
    public mutating func seekBack(to target: Int, replayingAtMost steps: Int) -> Bool {
        let target = max(0, target)
        guard target < step else {
            seek(to: target)
            return true
        }
        guard history.restore(&state, to: target, budget: steps, advance: { Engine.advance(&$0) }) else { return false }
        rebuildSnapshot()
        return true
    }

    /// The step a replay toward `target` has reached (nil: none under way).
    public func replayReached(goingBackTo target: Int) -> Int? { history.replayReached(toward: target) }

    /// Runs until every request has finished, or `maxSteps` more steps.
    public mutating func runToEnd(maxSteps: Int = 1_000_000) {
        var left = maxSteps
        let start = step
        while !isComplete, left > 0 {
            advanceRecording()
            left -= 1
        }
        if step != start { rebuildSnapshot() }
    }

    public var prefixCaching: Bool { config.prefixCaching }

    // MARK: One step

    static func advance(_ state: inout EngineState) {
        // The queue as it stands before the step, to say where a prefix hit took a block from.
        let queueBefore = state.scheduler.kv.enablePrefixCaching ? state.freeQueue ?? state.scheduler.kv.freeQueue() : []
        let plan = state.scheduler.schedule()
        var events = state.scheduler.drainEvents()
        // Swap-outs first (their freed blocks may be this step's copy targets), then copies on
        // write, then swap-ins; the model writes nothing until `run`.
        state.decoder?.swapOut(plan)
        state.decoder?.applyCopies(from: events)
        state.decoder?.swapIn(plan)

        var logits: [RequestID: [Float]] = [:]
        if var decoder = state.decoder {
            logits = decoder.run(plan, scheduler: state.scheduler)
            state.decoder = decoder
        }
        let decoder = state.decoder
        let outputTokens = state.outputTokens
        state.scheduler.finishStep(plan, sample: { request, logitsOf in
            if let decoder {
                return decoder.sample(request, logits: logits[logitsOf])
            }
            return outputTokens.next(for: request)
        }, beamLogits: { logits[$0] })
        // Beam search (decoder runs only): every request whose beams all caught up takes a step.
        if let decoder { state.scheduler.advanceBeams { decoder.chooseBeams($0) } }
        events += state.scheduler.drainEvents()

        var counters = state.counters
        counters.kvComputedThisStep = plan.scheduledTokens
        counters.kvWithoutCacheThisStep = plan.chunks.reduce(0) { $0 + $1.kvWithoutCache }
        counters.kvReadThisStep = plan.chunks.reduce(0) { $0 + $1.kvRead }
        counters.kvComputedTotal += counters.kvComputedThisStep
        counters.kvWithoutCacheTotal += counters.kvWithoutCacheThisStep
        counters.kvReadTotal += counters.kvReadThisStep
        counters.preemptions += plan.preempted.count
        counters.blocksSwappedOutThisStep = plan.swappedOut.reduce(0) { $0 + $1.gpu.count }
        counters.blocksSwappedInThisStep = plan.swappedIn.reduce(0) { $0 + $1.gpu.count }
        counters.blocksSwappedTotal += counters.blocksSwappedOutThisStep + counters.blocksSwappedInThisStep
        for event in events {
            switch event {
            case .sampled: counters.tokensGenerated += 1
            case let .admitted(_, hits, _): counters.prefixHitBlocks += hits
            default: break
            }
        }
        state.counters = counters
        state.lastPlan = plan
        state.lastEvents = events
        state.lastTouched = state.scheduler.drainTouchedBlocks()
        state.lastQueueTakes = FreeQueueTake.takes(queueBefore: queueBefore, events: events, kv: state.scheduler.kv)
        state.freeQueue = state.freeQueue.map { state.scheduler.kv.freeQueue(updating: $0, touched: state.lastTouched) }
            ?? state.scheduler.kv.freeQueue()
        state.workPerStep.append(StepWork(computed: counters.kvComputedThisStep,
                                          withoutCache: counters.kvWithoutCacheThisStep))
        let step = state.step
        state.contiguous?.advance(toStep: step, pagedFinished: !state.scheduler.hasUnfinishedRequests)
    }
}
