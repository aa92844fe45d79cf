import KVCore

/// One KV-cache group's block table of a request, for a hybrid model (`kv_groups`): the group's
/// attention and, per logical block, the physical block or nil for a hole (a block returned
/// behind the sliding window, or skipped by a prefix hit).
public struct GroupTableView: Sendable, Equatable {
    public let attention: GroupAttention
    public let blocks: [BlockID?]

    public init(attention: GroupAttention, blocks: [BlockID?]) {
        self.attention = attention
        self.blocks = blocks
    }

    /// Every group's table of `seq`, in the manager's group order (none for a manager without
    /// groups).
    static func tables(of seq: SequenceID, in kv: some BlockManager) -> [GroupTableView] {
        let groups = kv.groups
        guard !groups.isEmpty else { return [] }
        return groups.indices.map { group in
            GroupTableView(attention: groups[group], blocks: kv.blockTable(of: seq, group: group))
        }
    }
}
