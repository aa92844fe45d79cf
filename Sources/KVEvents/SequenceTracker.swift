/// Orders the batches of an at-least-once stream by their sequence numbers: a number seen
/// before is a duplicate (dropped), a jump forward is a gap (reported: those batches are lost
/// unless the replay socket still has them), and a number far behind the last one means the
/// publisher restarted (vLLM counts from 0 again), so the state kvviz built is stale.
public struct SequenceTracker: Equatable, Sendable {
    public enum Verdict: Equatable, Sendable {
        /// Apply the batch; `gap` names the sequence numbers that never arrived before it.
        case apply(gap: ClosedRange<Int64>?)
        /// Seen already (or older than the last applied within the replay window): drop it.
        case duplicate
        /// Far behind the last applied: the publisher restarted; reset, then apply.
        case restart(previous: Int64)
    }

    /// How far back a number still counts as a duplicate: vLLM's replay buffer (`buffer_steps`).
    public static let duplicateWindow: Int64 = 10_000
    /// Gaps kept for display (the count goes on).
    public static let gapsKept = 32

    public private(set) var last: Int64?
    public private(set) var duplicates = 0
    public private(set) var missing: Int64 = 0
    public private(set) var restarts = 0
    public private(set) var recentGaps: [ClosedRange<Int64>] = []

    public init() {}

    public mutating func admit(_ sequence: Int64) -> Verdict {
        guard let last else {
            self.last = sequence
            return .apply(gap: nil)
        }
        if sequence <= last {
            if last - sequence <= Self.duplicateWindow && !(sequence == 0 && last > Self.duplicateWindow) {
                duplicates += 1
                return .duplicate
            }
            restarts += 1
            self.last = sequence
            return .restart(previous: last)
        }
        self.last = sequence
        guard sequence > last + 1 else { return .apply(gap: nil) }
        let gap = (last + 1)...(sequence - 1)
        missing += Int64(gap.count)
        recentGaps.append(gap)
        if recentGaps.count > Self.gapsKept { recentGaps.removeFirst(recentGaps.count - Self.gapsKept) }
        return .apply(gap: gap)
    }
}
