import KVCore

/// Which request owns each block-manager sequence named by a snapshot's paging events. The
/// events of a step name the sequences of the requests it ran, admitted, preempted, forked or
/// finished, so those are looked at first; only a sequence none of them owns makes it read
/// every request of the run.
public struct SequenceOwners: Sendable {
    private var owners: [SequenceID: RequestID] = [:]

    public init(_ snapshot: Snapshot) {
        var wanted = Set<SequenceID>()
        var candidates: [RequestID] = snapshot.running
        for event in snapshot.events {
            switch event {
            case let .paging(paging):
                switch paging {
                case let .allocated(seq, _, _), let .prefixHit(seq, _, _), let .published(seq, _, _),
                     let .freed(seq, _, _), let .copiedOnWrite(seq, _, _, _):
                    wanted.insert(seq)
                case let .forked(parent, child):
                    wanted.insert(parent)
                    wanted.insert(child)
                case .evicted:
                    continue
                }
            case let .admitted(id, _, _), let .preempted(id, _), let .beamDropped(id, _), let .sampled(id, _),
                 let .finished(id):
                candidates.append(id)
            case let .forked(parent, child):
                candidates.append(parent)
                candidates.append(child)
            case let .scheduled(chunk):
                candidates.append(chunk.request)
            }
        }
        guard !wanted.isEmpty else { return }
        for id in candidates {
            guard let position = snapshot.position(of: id), wanted.contains(snapshot.requests[position].sequence) else { continue }
            owners[snapshot.requests[position].sequence] = id
        }
        for position in snapshot.holders where wanted.contains(snapshot.requests[position].sequence) {
            owners[snapshot.requests[position].sequence] = snapshot.requests[position].id
        }
        guard wanted.contains(where: { owners[$0] == nil }) else { return }
        for request in snapshot.requests where wanted.contains(request.sequence) { owners[request.sequence] = request.id }
    }

    public subscript(sequence: SequenceID) -> RequestID? { owners[sequence] }
}
