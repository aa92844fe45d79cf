import KVCore

extension StepChangeList {
    /// The step's copies on write with the source's ref count around each. Each copy drops the
    /// source's count by one, in event order: two copies from a block left at ref 1 went 3→2,
    /// then 2→1. Beam search frees dropped beams and forks new ones after the copies, in the
    /// same step: those are undone to get the count right after the last copy.
    static func copies(_ snapshot: Snapshot, owners: SequenceOwners) -> [Copy] {
        var pairs: [(SequenceID, BlockID, BlockID)] = []
        for case let .paging(.copiedOnWrite(seq, from, to, _)) in snapshot.events { pairs.append((seq, from, to)) }
        guard !pairs.isEmpty else { return [] }
        let afterCopies = refChangesAfterLastCopy(snapshot)
        var refs: [Int: Int] = [:]
        for (_, from, _) in pairs {
            let now = from.index < snapshot.blocks.count ? snapshot.blocks[from.index].refCount : 0
            refs[from.index] = (refs[from.index] ?? (now - (afterCopies[from.index] ?? 0))) + 1
        }
        var copies: [Copy] = []
        for (seq, from, to) in pairs {
            let before = refs[from.index] ?? 1
            refs[from.index] = before - 1
            copies.append(Copy(request: owners[seq], from: from, to: to, refBefore: before, refAfter: before - 1))
        }
        return copies
    }

    /// Net ref-count change of each block after the step's last copy on write: frees (a dropped
    /// beam, -1 each) and forks (a new beam shares every block of its source, +1 each). A beam
    /// forked this step still holds exactly its source's blocks at the end of the step.
    static func refChangesAfterLastCopy(_ snapshot: Snapshot) -> [Int: Int] {
        guard let last = snapshot.events.lastIndex(where: { if case .paging(.copiedOnWrite) = $0 { true } else { false } })
        else { return [:] }
        var changes: [Int: Int] = [:]
        var forkedSequences = Set<SequenceID>()
        for event in snapshot.events[(last + 1)...] {
            switch event {
            case let .paging(.freed(_, block, _)): changes[block.index, default: 0] -= 1
            case let .paging(.forked(_, child)): forkedSequences.insert(child)
            default: break
            }
        }
        guard !forkedSequences.isEmpty else { return changes }
        for position in snapshot.groups.running where forkedSequences.contains(snapshot.requests[position].sequence) {
            let request = snapshot.requests[position]
            for block in Set(request.blockTable) { changes[block.index, default: 0] += 1 }
        }
        return changes
    }
}
