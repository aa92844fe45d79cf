import KVCore

/// Which request owns each block-manager sequence named by a snapshot's paging events. The
/// events of a step name the sequences of the requests it ran, admitted, preempted, forked or
/// finished, so those are looked at first; only a sequence none of them owns makes it read
/// every request of the run.
///
/// Built once a step for the snapshot's change list, so it avoids hashing: the wanted sequences
/// and the answers are small sorted arrays searched by bisection.
public struct SequenceOwners: Sendable {
    /// The wanted sequences, sorted, without repeats.
    private var wanted: [SequenceID] = []
    /// `owners[i]` owns `wanted[i]` (nil: not found yet).
    private var owners: [RequestID?] = []

    public init(_ snapshot: Snapshot) {
        var wanted: [SequenceID] = []
        // Requests the events name that may not be running any more (running ones are read
        // from `snapshot.groups.running` below, without a lookup by id).
        var candidates: [RequestID] = []
        for event in snapshot.events {
            switch event {
            case let .paging(paging):
                switch paging {
                case let .allocated(seq, _, _), let .prefixHit(seq, _, _), let .published(seq, _, _),
                     let .freed(seq, _, _), let .copiedOnWrite(seq, _, _, _):
                    wanted.append(seq)
                case let .forked(parent, child):
                    wanted.append(parent)
                    wanted.append(child)
                case .evicted:
                    continue
                }
            case let .admitted(id, _, _), let .preempted(id, _), let .beamDropped(id, _), let .finished(id):
                candidates.append(id)
            case let .forked(parent, child):
                candidates.append(parent)
                candidates.append(child)
            case .sampled, .scheduled:
                // Running, or named by a `finished` or `preempted` event of the step too.
                continue
            }
        }
        guard !wanted.isEmpty else { return }
        wanted.sort()
        var unique = 0
        for seq in wanted where unique == 0 || wanted[unique - 1] != seq {
            wanted[unique] = seq
            unique += 1
        }
        wanted.removeLast(wanted.count - unique)
        self.wanted = wanted
        owners = [RequestID?](repeating: nil, count: unique)
        // A bit per wanted sequence: most requests of the passes below are not wanted, and
        // testing a bit costs less than a bisection.
        var screen = IndexSet64(capacity: (wanted.last?.rawValue ?? -1) + 1)
        for seq in wanted { screen.insert(seq.rawValue) }
        func wantedSlot(_ sequence: SequenceID) -> Int? { screen.contains(sequence.rawValue) ? slot(of: sequence) : nil }
        for position in snapshot.groups.running {
            if let slot = wantedSlot(snapshot.requests[position].sequence) { owners[slot] = snapshot.requests[position].id }
        }
        for id in candidates {
            guard let position = snapshot.position(of: id),
                  let slot = wantedSlot(snapshot.requests[position].sequence) else { continue }
            owners[slot] = id
        }
        for position in snapshot.holders {
            if let slot = wantedSlot(snapshot.requests[position].sequence) { owners[slot] = snapshot.requests[position].id }
        }
        guard owners.contains(where: { $0 == nil }) else { return }
        for request in snapshot.requests {
            if let slot = slot(of: request.sequence) { owners[slot] = request.id }
        }
    }

    /// Where `sequence` stands in `wanted` (nil: not wanted).
    private func slot(of sequence: SequenceID) -> Int? {
        var low = 0, high = wanted.count
        while low < high {
            let middle = (low + high) / 2
            if wanted[middle] < sequence { low = middle + 1 } else { high = middle }
        }
        return low < wanted.count && wanted[low] == sequence ? low : nil
    }

    public subscript(sequence: SequenceID) -> RequestID? { slot(of: sequence).flatMap { owners[$0] } }
}
