import KVCore

/// The block-manager sequences whose block tables differ between two adjacent steps: those the
/// later step's paging events name (a table changes only by an allocation, a prefix hit, a
/// free, a copy on write or a fork, and each names its sequence). Any other sequence holds the
/// same table in both steps, so a snapshot patch keeps its request's old table without asking
/// the manager (a debug build checks it against the manager's).
struct RetabledSequences {
    private var named: IndexSet64

    init(laterEvents events: [SchedulerEvent]) {
        var sequences: [Int] = []
        for case let .paging(event) in events {
            switch event {
            case let .allocated(seq, _, _), let .prefixHit(seq, _, _), let .freed(seq, _, _),
                 let .copiedOnWrite(seq, _, _, _):
                sequences.append(seq.rawValue)
            case let .forked(parent, child):
                sequences.append(parent.rawValue)
                sequences.append(child.rawValue)
            case .evicted, .published:
                continue
            }
        }
        named = IndexSet64(capacity: (sequences.max() ?? -1) + 1)
        for seq in sequences { named.insert(seq) }
    }

    func contains(_ sequence: SequenceID) -> Bool { named.contains(sequence.rawValue) }
}
