import KVCore

/// Each request's chunk and sampled token of one step, sorted by request id and looked up by
/// bisection: a snapshot asks once per request view it builds (every running request, every
/// step), and bisecting a step's hundred-odd entries costs less than hashing into a dictionary
/// built for the step.
struct RequestStepWork {
    private var ids: [RequestID] = []
    private var entries: [(chunk: ScheduledChunk?, sampled: Bool)] = []

    init(chunks: [ScheduledChunk], events: [SchedulerEvent]) {
        var all: [(id: RequestID, order: Int, chunk: ScheduledChunk?, sampled: Bool)] = []
        all.reserveCapacity(2 * chunks.count)
        for chunk in chunks { all.append((chunk.request, all.count, chunk, false)) }
        for case let .sampled(id, _) in events { all.append((id, all.count, nil, true)) }
        all.sort { ($0.id, $0.order) < ($1.id, $1.order) }
        ids.reserveCapacity(all.count)
        entries.reserveCapacity(all.count)
        for item in all {
            if ids.last != item.id {
                ids.append(item.id)
                entries.append((nil, false))
            }
            // A later chunk of the same request wins, as it would in a table written in order.
            if let chunk = item.chunk { entries[entries.count - 1].chunk = chunk }
            if item.sampled { entries[entries.count - 1].sampled = true }
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
