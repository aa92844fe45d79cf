import KVCore

/// Each request's chunk and sampled token of one step, sorted by request id and looked up by
/// bisection: a snapshot asks once per request view it builds (every running request, every
/// step), and bisecting a step's hundred-odd entries costs less than hashing into a dictionary
/// built for the step.
struct RequestStepWork {
    private var ids: [RequestID] = []
    private var entries: [(chunk: ScheduledChunk?, sampled: Bool)] = []

    /// An entry's sort key: its request id, then a sampled-token flag, then the chunk's place
    /// in the step (integers sort without a comparison closure).
    private static let flagBit = 20
    private static let idShift = flagBit + 1

    init(chunks: [ScheduledChunk], events: [SchedulerEvent]) {
        precondition(chunks.count < 1 << Self.flagBit, "a step of \(chunks.count) chunks")
        var keys: [Int] = []
        keys.reserveCapacity(2 * chunks.count)
        for (place, chunk) in chunks.enumerated() { keys.append(chunk.request.rawValue << Self.idShift | place) }
        for case let .sampled(id, _) in events { keys.append(id.rawValue << Self.idShift | 1 << Self.flagBit) }
        keys.sort()
        ids.reserveCapacity(keys.count)
        entries.reserveCapacity(keys.count)
        for key in keys {
            let id = RequestID(key >> Self.idShift)
            if ids.last != id {
                ids.append(id)
                entries.append((nil, false))
            }
            // A later chunk of the same request wins, as it would in a table written in order.
            if key & 1 << Self.flagBit != 0 {
                entries[entries.count - 1].sampled = true
            } else {
                entries[entries.count - 1].chunk = chunks[key & (1 << Self.flagBit - 1)]
            }
        }
    }

    /// The chunk the step scheduled for `id` and whether it sampled a token for it.
    subscript(id: RequestID) -> (chunk: ScheduledChunk?, sampled: Bool) {
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < ids.count && ids[low] == id ? entries[low] : (nil, false)
    }
}
