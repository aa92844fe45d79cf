/// A recording played on the live screen, frame by frame: the cache at position p is frames
/// 0..<p applied in order. Keyframes every 256 frames keep a step back or a seek to at most 256
/// re-applied frames. Used by `kvviz replay`, the recorded walkthroughs and their checker.
public struct LiveReplay: Sendable {
    public let frames: [LiveFrameRecord]
    private var keyframes: [(cache: LiveCache, metrics: ServerMetrics?, problem: String?)] = []
    public private(set) var position = 0
    public private(set) var cache = LiveCache()
    public private(set) var metrics: ServerMetrics?
    public private(set) var metricsProblem: String?
    public static let keyframeEvery = 256

    public init(frames: [LiveFrameRecord]) {
        self.frames = frames
        keyframes = [(LiveCache(), nil, nil)]
    }

    /// Applies frame `position` and moves past it.
    @discardableResult
    public mutating func stepForward() -> LiveCache.Outcome? {
        guard position < frames.count else { return nil }
        let frame = frames[position]
        var outcome: LiveCache.Outcome?
        switch frame.kind {
        case .metrics:
            do { metrics = try ServerMetrics.parse(frame.payload); metricsProblem = nil } catch { metricsProblem = "\(error)" }
        case .live, .replayed:
            outcome = cache.receive(sequence: frame.sequence, payload: frame.payload, arrival: frame.arrival)
        }
        position += 1
        if position % Self.keyframeEvery == 0, keyframes.count == position / Self.keyframeEvery {
            keyframes.append((cache, metrics, metricsProblem))
        }
        return outcome
    }

    /// To frame `target` (clamped to the recording): back from the nearest keyframe, forward frame by frame.
    public mutating func seek(to target: Int) {
        let target = max(0, min(target, frames.count))
        if target < position || target - position > Self.keyframeEvery {
            let index = min(target / Self.keyframeEvery, keyframes.count - 1)
            (cache, metrics, metricsProblem) = keyframes[index]
            position = index * Self.keyframeEvery
        }
        while position < target { stepForward() }
    }

    /// The arrival time of the next frame (nil at the end).
    public var nextArrival: Double? { position < frames.count ? frames[position].arrival : nil }
    public var currentArrival: Double { position > 0 ? frames[position - 1].arrival : 0 }
    public var isAtEnd: Bool { position >= frames.count }

    /// The hashes the last applied frame stored (the screen highlights them); decoded again on
    /// demand, so seeking never pays for it.
    public var lastStored: Set<BlockHash> {
        guard position > 0, frames[position - 1].kind != .metrics,
              let batch = try? KVEventDecoder.decode(frames[position - 1].payload) else { return [] }
        var hashes = Set<BlockHash>()
        for case let .stored(stored) in batch.events { hashes.formUnion(stored.blockHashes) }
        return hashes
    }
}
