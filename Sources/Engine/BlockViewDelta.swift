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
    /// Blocks whose owners or fill the rebuilt requests change (may repeat).
    private(set) var dirty: [Int] = []

    init?(rebuilt: [(position: Int, old: RequestView)], views: RequestViews, blockSize: Int) {
        dirty.reserveCapacity(2 * rebuilt.count)
        for item in rebuilt.indices {
            let position = rebuilt[item].position
            guard Self.holdsOnlyIfRunning(rebuilt[item].old), Self.holdsOnlyIfRunning(views[position]) else { return nil }
            let oldTable = rebuilt[item].old.blockTable
            let newTable = views[position].blockTable
            let id = views[position].id
            // Entries from the first differing logical block on leave and join; before it the
            // request holds the same blocks, whose fill may still change.
            var first = 0
            let common = min(oldTable.count, newTable.count)
            if Self.sameStorage(oldTable, newTable) {
                first = common  // the manager handed the old table back: nothing changed
            } else {
                while first < common, oldTable[first] == newTable[first] { first += 1 }
            }
            for logical in first..<oldTable.count {
                removed[oldTable[logical].index, default: []].append(BlockOwner(request: id, logicalIndex: logical, position: position))
                dirty.append(oldTable[logical].index)
            }
            for logical in first..<newTable.count {
                added[newTable[logical].index, default: []].append(BlockOwner(request: id, logicalIndex: logical, position: position))
                dirty.append(newTable[logical].index)
            }
            // A block's stored and known slots move only between the old and the new count.
            markMoved(rebuilt[item].old.numComputedTokens, views[position].numComputedTokens, newTable, first, blockSize)
            markMoved(rebuilt[item].old.numTokens, views[position].numTokens, newTable, first, blockSize)
        }
    }

    /// Marks the blocks before `first` whose slot count moves when a count of tokens goes from
    /// `before` to `after`.
    private mutating func markMoved(_ before: Int, _ after: Int, _ table: [BlockID], _ first: Int, _ blockSize: Int) {
        guard before != after else { return }
        let low = min(before, after) / blockSize
        let high = min(first, (max(before, after) + blockSize - 1) / blockSize)
        for logical in low..<max(low, high) { dirty.append(table[logical].index) }
    }

    /// Whether two tables are one array (`KVCacheManager.blockTable(of:reusing:)` returns the
    /// old one when the step left the table alone): equal without comparing their blocks.
    private static func sameStorage(_ a: [BlockID], _ b: [BlockID]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { first in
            b.withUnsafeBufferPointer { second in first.baseAddress == second.baseAddress }
        }
    }

    private static func holdsOnlyIfRunning(_ view: RequestView) -> Bool {
        view.blockTable.isEmpty || view.status == .running
    }
}
