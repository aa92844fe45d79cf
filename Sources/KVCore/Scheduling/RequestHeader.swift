/// A request's fields without its token arrays: what the scheduler's per-step loops and the
/// snapshot's request views read.
/// `RequestTable.header(_:)` reads it in place, so those loops cost no reference counting (a
/// copy of a whole `Request` retains and releases its two arrays).
public struct RequestHeader: Sendable, Equatable {
    public let id: RequestID
    public let arrivalStep: Int
    public let promptLength: Int
    /// Prompt plus generated tokens.
    public let numTokens: Int
    public let numComputedTokens: Int
    public let maxOutputTokens: Int
    public let status: RequestStatus
    public let prefixHitBlocks: Int
    public let numPreemptions: Int
    public let samples: Int
    public let sampling: ParallelSamplingDesign?
    public let preemption: PreemptionMode?
    public let beamWidth: Int?
    public let parent: RequestID?

    @inlinable
    public init(_ request: borrowing Request) {
        id = request.id
        arrivalStep = request.arrivalStep
        promptLength = request.promptTokens.count
        numTokens = request.promptTokens.count + request.outputTokens.count
        numComputedTokens = request.numComputedTokens
        maxOutputTokens = request.maxOutputTokens
        status = request.status
        prefixHitBlocks = request.prefixHitBlocks
        numPreemptions = request.numPreemptions
        samples = request.samples
        sampling = request.sampling
        preemption = request.preemption
        beamWidth = request.beamWidth
        parent = request.parent
    }

    /// One of the beams of a beam-search request.
    public var isBeam: Bool { beamWidth != nil }
}

extension RequestTable {
    /// The header of request `id`, read where the request is stored; nil when there is none.
    @inlinable
    public func header(_ id: RequestID) -> RequestHeader? {
        guard let (position, slot) = locate(id) else { return nil }
        return RequestHeader(chunks[position].requests[slot])
    }

    /// Tokens `start..<end` of request `id` (prompt then output), as a slice of the request's own
    /// array where the range lies in one of them; empty when there is no request `id`.
    @inlinable
    func tokens(of id: RequestID, _ start: Int, _ end: Int) -> ArraySlice<TokenID> {
        guard let (position, slot) = locate(id) else { return [] }
        let prompt = chunks[position].requests[slot].promptTokens.count
        if end <= prompt {
            return chunks[position].requests[slot].promptTokens[start..<end]
        } else if start >= prompt {
            return chunks[position].requests[slot].outputTokens[(start - prompt)..<(end - prompt)]
        } else {
            return chunks[position].requests[slot].allTokens[start..<end]
        }
    }
}
