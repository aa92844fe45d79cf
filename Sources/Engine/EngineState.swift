import KVCore

/// The whole mutable state of a run at one step. A value: copying it is how the history keeps
/// keyframes, and replaying `advance()` from a copy reproduces every later state exactly.
struct EngineState: Sendable {
    var scheduler: Scheduler
    var decoder: DecoderRunner?
    var counters = ComputeCounters()
    var lastPlan: StepPlan?
    var lastEvents: [SchedulerEvent] = []
    /// The blocks the last step changed in the pool (see `BlockManager.drainTouchedBlocks()`).
    var lastTouched: [BlockID] = []
    var contiguous: ContiguousTrack?
    /// Blocks the last step's prefix hits took out of the free queue, and where they stood.
    var lastQueueTakes: [FreeQueueTake] = []
    /// The manager's free queue as the last step left it (nil before the first step: read it
    /// from the manager). Only a step changes the pool, so this is also the queue the next step
    /// starts from, shared by the snapshot and the next step's takes; each step derives it from
    /// the one before and its touched blocks (`BlockManager.freeQueue(updating:touched:)`).
    var freeQueue: [BlockID]?
    /// The K/V work of every step so far, in order (the recompute triangle).
    var workPerStep = ChunkedArray<StepWork>()
    /// Output tokens of a memory-only run.
    let outputTokens: SyntheticTokens

    var step: Int { scheduler.stepIndex }
}
