import KVCore

/// The token in every slot of the pool, as a snapshot keeps it for the inspector: block-major,
/// in chunks of 64 blocks shared copy-on-write with the previous snapshot, so a step copies the
/// slots of the blocks it changed, not the whole pool (470 KB at 7,352 blocks of 16).
struct SlotTokens: Sendable, Equatable {
    private static let blocksPerChunk = 64
    let blockSize: Int
    private var chunks: [[KVCore.TokenID]] = []

    /// No slots (a placeholder while a snapshot's tokens move to the next one).
    init(blockSize: Int) { self.blockSize = blockSize }

    /// Every block's slots, read from `kv`.
    init(_ kv: some BlockManager) {
        blockSize = kv.blockSize
        let perChunk = Self.blocksPerChunk
        chunks.reserveCapacity((kv.numBlocks + perChunk - 1) / perChunk)
        var first = 0
        while first < kv.numBlocks {
            let end = min(kv.numBlocks, first + perChunk)
            var chunk: [KVCore.TokenID] = []
            chunk.reserveCapacity((end - first) * blockSize)
            for block in first..<end {
                kv.withSlotTokens(of: BlockID(block)) { chunk.append(contentsOf: $0) }
            }
            chunks.append(chunk)
            first = end
        }
    }

    /// Copies `block`'s slots from `kv` again (after a step wrote them).
    mutating func update(_ block: BlockID, from kv: any BlockManager) {
        let start = (block.index % Self.blocksPerChunk) * blockSize
        chunks[block.index / Self.blocksPerChunk].withUnsafeMutableBufferPointer { chunk in
            kv.withSlotTokens(of: block) { slots in
                precondition(start + slots.count <= chunk.count, "block \(block.index) outside the snapshot's slots")
                guard let from = slots.baseAddress, let to = chunk.baseAddress else { return }
                (to + start).update(from: from, count: slots.count)
            }
        }
    }

    /// The first `count` slots of `block`.
    func tokens(of block: BlockID, count: Int) -> ArraySlice<KVCore.TokenID> {
        let start = (block.index % Self.blocksPerChunk) * blockSize
        return chunks[block.index / Self.blocksPerChunk][start..<(start + count)]
    }
}
