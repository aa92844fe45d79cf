/// The memory a block pool allocates when it is made, computed from its sizes before anything
/// is allocated, so a command or a scenario can refuse an absurd pool with a clear line instead
/// of being killed by the kernel. Counts the per-block bookkeeping (`KVCacheBlock`, the free
/// queue's links, the prefix-cache index) and the token id of every slot; not the per-request
/// tables, which grow with what is served.
public enum PoolFootprint {
    /// Bytes of one pool of `numBlocks` blocks of `blockSize` slots, or nil when the figure does
    /// not fit in an `Int` (which is itself a reason to refuse).
    public static func bytes(numBlocks: Int, blockSize: Int) -> Int? {
        guard numBlocks >= 0, blockSize >= 0, let index = BlockHashIndex.bytes(numBlocks: numBlocks) else { return nil }
        let perBlock = MemoryLayout<KVCacheBlock>.stride + MemoryLayout<FreeBlockQueue.Link>.stride
        let (slots, slotOverflow) = numBlocks.multipliedReportingOverflow(by: blockSize)
        let (tokens, tokenOverflow) = slots.multipliedReportingOverflow(by: MemoryLayout<TokenID>.stride)
        let (blocks, blockOverflow) = (numBlocks + 1).multipliedReportingOverflow(by: perBlock)
        guard !slotOverflow, !tokenOverflow, !blockOverflow else { return nil }
        let (total, overflow) = tokens.addingReportingOverflow(blocks + index)
        return overflow ? nil : total
    }
}
