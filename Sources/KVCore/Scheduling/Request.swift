/// A request's identity inside the scheduler. Samples forked from a request get ids of their own.
public struct RequestID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (a: RequestID, b: RequestID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "R\(rawValue)" }
}

/// Where a request is in its life: it waits (not yet admitted, or preempted and requeued), runs
/// (holds blocks and gets tokens computed every step), or is finished (its blocks are freed).
public enum RequestStatus: String, Sendable, Equatable {
    case waiting, running, preempted, finished
}

/// One sequence the scheduler serves: its prompt, the tokens generated so far, and how many of
/// them already have their K/V in the cache.
public struct Request: Sendable, Equatable {
    public let id: RequestID
    /// The first step at which the request may be admitted.
    public let arrivalStep: Int
    public let promptTokens: [TokenID]
    /// Tokens generated so far (the last one may not be computed yet: it is computed next step).
    public internal(set) var outputTokens: [TokenID] = []
    /// How many tokens the request generates before it finishes.
    public let maxOutputTokens: Int
    /// Parallel samples wanted (n): n - 1 child requests at arrival (v1 design), or n - 1 forks
    /// when the prompt is done (paper design).
    public let samples: Int
    /// The parallel-sampling design for this request; nil follows the scheduler's config.
    public let sampling: ParallelSamplingDesign?
    /// What preempting this request does; nil follows the scheduler's config.
    public let preemption: PreemptionMode?
    /// Beam search (paper design) with this many beams; nil for sampling. A beam forked during
    /// the search carries the width too, with `parent` naming the request it belongs to.
    public let beamWidth: Int?
    /// For a beam: its cumulative log-probability, the beam it was forked from (nil for the
    /// request's first beam), whether it was dropped (not among the best `beamWidth`
    /// continuations of a step), and whether it ended as the best beam.
    public internal(set) var beamScore: Double = 0
    public internal(set) var beamSource: RequestID?
    public internal(set) var isDroppedBeam = false
    public internal(set) var isBestBeam = false
    /// For a beam that was dropped or finished: the block table it held when its blocks were
    /// released (empty before), so the beam tree can still draw the branch of that step.
    public internal(set) var releasedBeamTable: [BlockID] = []
    /// Preempted by swapping: its K/V wait in the CPU pool and `numComputedTokens` still counts
    /// them; readmission copies them back instead of recomputing.
    var isSwappedOut = false
    /// For a forked sample: the request it was forked from, and which sample it is (1..n-1).
    public internal(set) var parent: RequestID?
    public internal(set) var sampleIndex: Int = 0
    public internal(set) var status: RequestStatus = .waiting
    /// Tokens whose K/V are in the cache (from prefix hits or computed by the model).
    public internal(set) var numComputedTokens: Int = 0
    /// Blocks that hit the prefix cache when the request was last admitted.
    public internal(set) var prefixHitBlocks: Int = 0
    public internal(set) var numPreemptions: Int = 0
    /// Step at which it was first admitted and finished (nil until then).
    var firstScheduledStep: Int?
    public internal(set) var finishedStep: Int?

    public init(id: RequestID, arrivalStep: Int = 0, promptTokens: [TokenID], maxOutputTokens: Int,
                samples: Int = 1, sampling: ParallelSamplingDesign? = nil, preemption: PreemptionMode? = nil,
                beamWidth: Int? = nil) {
        self.id = id
        self.arrivalStep = arrivalStep
        self.promptTokens = promptTokens
        self.maxOutputTokens = maxOutputTokens
        self.samples = samples
        self.sampling = sampling
        self.preemption = preemption
        self.beamWidth = beamWidth
    }

    /// Prompt plus generated tokens.
    public var allTokens: [TokenID] { promptTokens + outputTokens }
    public var numTokens: Int { promptTokens.count + outputTokens.count }
    public var isFinished: Bool { status == .finished }
    /// One of the beams of a beam-search request.
    public var isBeam: Bool { beamWidth != nil }
}

extension Request {
    /// A running copy of this request under `id`, placed in a family (`parent`, `sampleIndex`):
    /// the same prompt, output so far, computed tokens and prefix hits, one sequence of its own.
    /// Forked samples pass their `sampling`; beams their `beamWidth`.
    func runningCopy(as id: RequestID, parent: RequestID, sampleIndex: Int,
                     sampling: ParallelSamplingDesign? = nil, beamWidth: Int? = nil) -> Request {
        var copy = Request(id: id, arrivalStep: arrivalStep, promptTokens: promptTokens,
                           maxOutputTokens: maxOutputTokens, samples: 1, sampling: sampling,
                           preemption: preemption, beamWidth: beamWidth)
        copy.outputTokens = outputTokens
        copy.parent = parent
        copy.sampleIndex = sampleIndex
        copy.status = .running
        copy.numComputedTokens = numComputedTokens
        copy.prefixHitBlocks = prefixHitBlocks
        copy.firstScheduledStep = firstScheduledStep
        return copy
    }
}
