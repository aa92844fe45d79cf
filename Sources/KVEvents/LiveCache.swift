import KVBase

/// What a subscriber knows of a server's prefix cache: the state the events built, the sequence
/// tracker, and the counters a screen or a `--json` line shows. Frames come in with their
/// arrival time (seconds), so a recording replays to the same figures.
public struct LiveCache: Sendable {
    public enum Outcome: Equatable, Sendable {
        case applied(PrefixCacheState.Changes, gap: ClosedRange<Int64>?, restartedFrom: Int64?)
        case duplicate
        case rejected(String)
    }

    public private(set) var state: PrefixCacheState
    public private(set) var tracker = SequenceTracker()
    public private(set) var batches = 0
    public private(set) var events = 0
    public private(set) var rejected = 0
    public private(set) var lastProblem: String?
    public private(set) var lastTimestamp: Double?
    public private(set) var lastRank: Int?
    /// Stored and removed blocks in the current and the previous whole second of arrival time.
    public private(set) var thisSecond = (second: 0, stored: 0, removed: 0)
    public private(set) var lastSecond = (stored: 0, removed: 0)

    public init(capacity: Int = 1 << 22) { state = PrefixCacheState(capacity: capacity) }

    /// Decodes and applies one batch (or drops it as a duplicate, or rejects a bad frame).
    public mutating func receive(sequence: Int64, payload: [UInt8], arrival: Double) -> Outcome {
        roll(to: arrival)
        let batch: EventBatch
        do {
            batch = try KVEventDecoder.decode(payload)
        } catch {
            rejected += 1
            lastProblem = "batch \(sequence): \(error.description)"
            return .rejected(lastProblem!)
        }
        var restartedFrom: Int64?
        var gap: ClosedRange<Int64>?
        switch tracker.admit(sequence) {
        case .duplicate: return .duplicate
        case let .apply(found): gap = found
        case let .restart(previous):
            restartedFrom = previous
            state.reset()
            lastProblem = "sequence went back from \(previous) to \(sequence): the publisher restarted; state reset"
        }
        if let gap { lastProblem = "gap: batches \(gap.lowerBound)...\(gap.upperBound) never arrived" }
        let changes = state.apply(batch, sequence: sequence)
        batches += 1
        events += batch.events.count
        lastTimestamp = batch.timestamp
        lastRank = batch.dataParallelRank
        thisSecond.stored += changes.stored
        thisSecond.removed += changes.removed
        return .applied(changes, gap: gap, restartedFrom: restartedFrom)
    }

    /// Notes a problem that is not a batch (a connection state, a bad message shape).
    public mutating func note(_ problem: String) {
        rejected += 1
        lastProblem = problem
    }

    public mutating func roll(to arrival: Double) {
        let second = Int(arrival.rounded(.down))
        guard second != thisSecond.second else { return }
        lastSecond = second == thisSecond.second + 1 ? (thisSecond.stored, thisSecond.removed) : (0, 0)
        thisSecond = (second, 0, 0)
    }

    /// One `--json` line after an applied batch.
    public func jsonLine(sequence: Int64, outcome: Outcome) -> String {
        jsonObject(sequence: sequence, outcome: outcome).map { JSON.object($0).compact } ?? ""
    }

    /// The object of `jsonLine`, for a caller that adds fields (the rank of a data-parallel server).
    public func jsonObject(sequence: Int64, outcome: Outcome) -> JSONObject? {
        guard case let .applied(changes, gap, restartedFrom) = outcome else { return nil }
        var object = JSONObject()
        object.add("seq", Int(sequence))
        object.add("ts", .number(lastTimestamp ?? 0))
        object.add("blocks", state.blockCount)
        object.add("trees", state.treeCount)
        var tiers = JSONObject()
        for tier in state.sortedTiers {
            guard let entry = state.tier(tier) else { continue }
            tiers.add(tier.description, .object(JSONObject([
                "blocks": .int(entry.count), "copies": .int(entry.copies), "trees": .int(entry.roots),
                "digest": .string(String(entry.digest, radix: 16)),
            ])))
        }
        object.add("tiers", .object(tiers))
        object.add("stored", changes.stored)
        object.add("removed", changes.removed)
        object.add("unknown_removed", changes.unknownRemovals)
        object.add("cleared", changes.cleared)
        object.add("gap", gap.map { .array([.int(Int($0.lowerBound)), .int(Int($0.upperBound))]) } ?? .null)
        object.add("missing", Int(tracker.missing))
        object.add("duplicates", tracker.duplicates)
        object.add("restarted_from", restartedFrom.map { .int(Int($0)) } ?? .null)
        object.add("rejected", rejected)
        return object
    }
}
