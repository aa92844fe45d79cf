import Engine
import KVCore

extension GridHighlight {
    /// Net ref-count change of each block after the step's last copy-on-write: frees (a dropped
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
