/// A recording played on the live screen, frame by frame: the caches at position p are frames
/// 0..<p applied in order, each to its data-parallel rank's cache (a version 2 recording has
/// several; `shownRank` picks the one `cache` answers). Keyframes every 256 frames keep a step
/// back or a seek to at most 256 re-applied frames. Used by `kvviz replay`, the recorded
/// walkthroughs and their checker.
public struct LiveReplay: Sendable {
    public let frames: [LiveFrameRecord]
    /// Ranks in the recording: one more than the highest rank tag (1 for a single server).
    public let rankCount: Int
    private struct State: Sendable {
        var caches: [LiveCache]
        var metrics: [ServerMetrics?]
        var problems: [String?]
    }
    private var keyframes: [State] = []
    private var state: State
    public private(set) var position = 0
    /// The rank `cache`, `metrics` and `metricsProblem` are of.
    public var shownRank = 0 { didSet { shownRank = max(0, min(shownRank, rankCount - 1)) } }
    public static let keyframeEvery = 256

    public init(frames: [LiveFrameRecord]) {
        self.frames = frames
        rankCount = (frames.map(\.rank).max() ?? 0) + 1
        state = State(caches: Array(repeating: LiveCache(), count: rankCount), metrics: Array(repeating: nil, count: rankCount),
                      problems: Array(repeating: nil, count: rankCount))
        keyframes = [state]
    }

    public var cache: LiveCache { state.caches[shownRank] }
    public var caches: [LiveCache] { state.caches }
    public var metrics: ServerMetrics? { state.metrics[shownRank] }
    public var metricsProblem: String? { state.problems[shownRank] }

    /// Applies frame `position` and moves past it.
    @discardableResult
    public mutating func stepForward() -> LiveCache.Outcome? {
        guard position < frames.count else { return nil }
        let frame = frames[position]
        var outcome: LiveCache.Outcome?
        switch frame.kind {
        case .metrics:
            do {
                state.metrics[frame.rank] = try ServerMetrics.parse(frame.payload)
                state.problems[frame.rank] = nil
            } catch { state.problems[frame.rank] = "\(error)" }
        case .live, .replayed:
            outcome = state.caches[frame.rank].receive(sequence: frame.sequence, payload: frame.payload, arrival: frame.arrival)
        }
        position += 1
        if position % Self.keyframeEvery == 0, keyframes.count == position / Self.keyframeEvery {
            keyframes.append(state)
        }
        return outcome
    }

    /// To frame `target` (clamped to the recording): back from the nearest keyframe, forward frame by frame.
    public mutating func seek(to target: Int) {
        let target = max(0, min(target, frames.count))
        if target < position || target - position > Self.keyframeEvery {
            let index = min(target / Self.keyframeEvery, keyframes.count - 1)
            state = keyframes[index]
            position = index * Self.keyframeEvery
        }
        while position < target { stepForward() }
    }

    /// The arrival time of the next frame (nil at the end).
    public var nextArrival: Double? { position < frames.count ? frames[position].arrival : nil }
    public var currentArrival: Double { position > 0 ? frames[position - 1].arrival : 0 }
    public var isAtEnd: Bool { position >= frames.count }

    /// The hashes the last applied frame stored, if it was the shown rank's (the screen
    /// highlights them); decoded again on demand, so seeking never pays for it.
    public var lastStored: Set<BlockHash> {
        guard position > 0, frames[position - 1].kind != .metrics, frames[position - 1].rank == shownRank,
              let batch = try? KVEventDecoder.decode(frames[position - 1].payload) else { return [] }
        var hashes = Set<BlockHash>()
        for case let .stored(stored) in batch.events { hashes.formUnion(stored.blockHashes) }
        return hashes
    }
}
