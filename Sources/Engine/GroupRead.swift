import KVCore

/// What a decoded token's query reads in one KV-cache group of a hybrid model: a full-attention
/// group reads every earlier token, so every block of its table; a sliding-window group of
/// window W reads the last W tokens, the new one included, so only the blocks inside the window
/// (the blocks before it were returned to the pool or are about to be).
public struct GroupRead: Sendable, Equatable {
    public let attention: GroupAttention
    /// The first logical block read: 0 for full attention.
    public let firstLogical: Int
    /// Blocks read, from `firstLogical` on.
    public let blocks: Int
    /// K/V vectors read.
    public let kv: Int

    public init(attention: GroupAttention, firstLogical: Int, blocks: Int, kv: Int) {
        self.attention = attention
        self.firstLogical = firstLogical
        self.blocks = blocks
        self.kv = kv
    }

    /// The read of a query at position `kv - 1` (it attends to positions up to itself) in
    /// `table`, clamped to the blocks the table has.
    init(_ table: GroupTableView, kv: Int, blockSize: Int) {
        let size = max(1, blockSize)
        let first = table.attention.window.map { max(0, kv - $0) } ?? 0
        let firstLogical = min(first / size, table.blocks.count)
        let lastLogical = min(max(0, kv - 1) / size, table.blocks.count - 1)
        self.init(attention: table.attention, firstLogical: firstLogical,
                  blocks: kv > 0 ? max(0, lastLogical - firstLogical + 1) : 0, kv: max(0, kv - first))
    }

    /// The physical blocks read, from `table` (holes skipped).
    public func readBlocks(in table: GroupTableView) -> [BlockID] {
        let end = min(table.blocks.count, firstLogical + blocks)
        guard firstLogical < end else { return [] }
        return table.blocks[firstLogical..<end].compactMap { $0 }
    }
}
