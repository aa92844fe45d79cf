import KVCore

/// Which block views can differ between the snapshot of one step and an adjacent step (one
/// step later, or one earlier) because of the requests: the owner entries the rebuilt requests
/// took away and added, and the blocks whose fill they changed. The pool's own changes (ref
/// counts, hashes, filled slots, free-queue places) come from `KVCacheManager`'s touched list
/// and the highlights from the two steps' changes; `SnapshotBuilder.patchedBlocks` joins them.
///
/// Exact only when every request holding blocks is running, in both steps: then a block's
/// holders are its owners, and a request the delta did not rebuild (neither step ran it) holds
/// no block. Otherwise it answers nil and the builder draws every block.
struct BlockViewDelta {
    /// Owner entries leaving and joining blocks, by block index.
    private(set) var removed: [Int: [BlockOwner]] = [:]
    private(set) var added: [Int: [BlockOwner]] = [:]
    /// Blocks whose owners or fill the rebuilt requests change.
    private(set) var dirty = Set<Int>()

    init?(rebuilt: [(position: Int, old: RequestView)], views: RequestViews, blockSize: Int) {
        for (position, old) in rebuilt {
            let new = views[position]
            for view in [old, new] where !view.blockTable.isEmpty && view.status != .running { return nil }
            let oldTable = old.blockTable
            let newTable = new.blockTable
            // Entries from the first differing logical block on leave and join; before it the
            // request holds the same blocks, whose fill may still change.
            var first = 0
            let common = min(oldTable.count, newTable.count)
            while first < common, oldTable[first] == newTable[first] { first += 1 }
            for logical in first..<oldTable.count {
                removed[oldTable[logical].index, default: []].append(BlockOwner(request: old.id, logicalIndex: logical))
                dirty.insert(oldTable[logical].index)
            }
            for logical in first..<newTable.count {
                added[newTable[logical].index, default: []].append(BlockOwner(request: new.id, logicalIndex: logical))
                dirty.insert(newTable[logical].index)
            }
            // A block's stored and known slots move only between the old and the new count.
            for (before, after) in [(old.numComputedTokens, new.numComputedTokens), (old.numTokens, new.numTokens)] where before != after {
                let low = min(before, after) / blockSize
                let high = min(first, (max(before, after) + blockSize - 1) / blockSize)
                for logical in low..<max(low, high) { dirty.insert(newTable[logical].index) }
            }
        }
    }
}
