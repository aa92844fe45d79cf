/// One scheduled piece of work: compute `numTokens` tokens of `request` starting at
/// `startPosition` (its tokens before that already have K/V in the cache).
public struct ScheduledChunk: Sendable, Equatable {
    public let request: RequestID
    public let startPosition: Int
    public let numTokens: Int
    /// True while the chunk is part of the prompt (prefill), false for a decode token.
    public let isPrefill: Bool

    /// K/V a cacheless engine would compute for this chunk: the whole sequence up to its end.
    public var kvWithoutCache: Int { startPosition + numTokens }
    /// K/V vectors attention reads for this chunk: token at position p reads positions 0...p.
    public var kvRead: Int { (startPosition + 1 + startPosition + numTokens) * numTokens / 2 }
}

/// What the scheduler decided and did in one step, for narration, highlights and tests.
public enum SchedulerEvent: Sendable, Equatable {
    case admitted(RequestID, hitBlocks: Int, resumed: Bool)
    case scheduled(ScheduledChunk)
    case preempted(RequestID, freedBlocks: Int)
    case forked(parent: RequestID, child: RequestID)
    /// A beam that none of a beam-search step's best continuations extends: its sequence is
    /// freed (blocks it shared with other beams stay, `freedBlocks` reached the free queue).
    case beamDropped(RequestID, freedBlocks: Int)
    case sampled(RequestID, token: TokenID)
    case finished(RequestID)
    case paging(PagingEvent)
}

/// The plan of one step: which chunks run, who was preempted or admitted to make it so.
public struct StepPlan: Sendable, Equatable {
    public let step: Int
    public internal(set) var chunks: [ScheduledChunk] = []
    public internal(set) var preempted: [RequestID] = []
    public internal(set) var admitted: [RequestID] = []
    /// Blocks copied to the CPU pool by swapping preemption this step.
    public internal(set) var swappedOut: [SwapTransfer] = []
    /// Blocks copied back from the CPU pool by readmissions this step.
    public internal(set) var swappedIn: [SwapTransfer] = []

    public var scheduledTokens: Int { chunks.reduce(0) { $0 + $1.numTokens } }
    public var isEmpty: Bool { chunks.isEmpty }
}
