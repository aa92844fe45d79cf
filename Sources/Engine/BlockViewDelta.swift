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
    /// One owner entry leaving or joining a block.
    struct OwnerChange {
        let block: Int
        let owner: BlockOwner
        let joins: Bool
    }

    /// Owner entries leaving and joining blocks, sorted by block (a few a step: the blocks a
    /// request took or gave back), found by bisection.
    private(set) var ownerChanges: [OwnerChange] = []
    /// Blocks whose owners or fill the rebuilt requests change (may repeat).
    private(set) var dirty: [Int] = []
    /// The blocks `ownerChanges` names, a bit each: most dirty blocks have none to look up.
    private var changedOwners = IndexSet64(capacity: 0)

    init?(rebuilt: [RequestViewChange], views: RequestViews, blockSize: Int) {
        dirty.reserveCapacity(2 * rebuilt.count)
        for item in rebuilt.indices {
            let position = rebuilt[item].position
            let newTable = views[position].blockTable
            let oldTable = rebuilt[item].oldTable
            // Fields read one by one: a copy of the change retains its table.
            guard oldTable.isEmpty || rebuilt[item].oldStatus == .running,
                  newTable.isEmpty || views[position].status == .running else { return nil }
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
                let block = oldTable[logical].index
                ownerChanges.append(OwnerChange(block: block, owner: BlockOwner(request: id, logicalIndex: logical, position: position),
                                                joins: false))
                dirty.append(block)
            }
            for logical in first..<newTable.count {
                let block = newTable[logical].index
                ownerChanges.append(OwnerChange(block: block, owner: BlockOwner(request: id, logicalIndex: logical, position: position),
                                                joins: true))
                dirty.append(block)
            }
            // A block's stored and known slots move only between the old and the new count.
            markMoved(rebuilt[item].oldComputedTokens, views[position].numComputedTokens, newTable, first, blockSize)
            markMoved(rebuilt[item].oldTokens, views[position].numTokens, newTable, first, blockSize)
        }
        // Stable: a block's entries keep the order the requests were rebuilt in. Sorted as
        // integers, block then place (block ids and a step's entries fit in 32 bits each).
        if ownerChanges.count > 1 {
            var order = ownerChanges.indices.map { ownerChanges[$0].block << 32 | $0 }
            order.sort()
            ownerChanges = order.map { ownerChanges[$0 & 0xFFFF_FFFF] }
        }
        changedOwners = IndexSet64(capacity: (ownerChanges.last?.block ?? -1) + 1)
        for change in ownerChanges { changedOwners.insert(change.block) }
    }

    /// Applies the entries leaving and joining `block` to its owners (joining entries put the
    /// list in request position, logical index order); leaves them alone when none.
    func applyOwnerChanges(of block: Int, to owners: inout BlockOwners) {
        guard changedOwners.contains(block) else { return }
        var low = 0
        var high = ownerChanges.count
        while low < high {
            let middle = (low + high) / 2
            if ownerChanges[middle].block < block { low = middle + 1 } else { high = middle }
        }
        guard low < ownerChanges.count, ownerChanges[low].block == block else { return }
        var end = low
        while end < ownerChanges.count, ownerChanges[end].block == block { end += 1 }
        let changes = ownerChanges[low..<end]
        // Most blocks: one owner joins a block that had none, or the one owner leaves.
        if end == low + 1 {
            let change = ownerChanges[low]
            if change.joins, owners.isEmpty {
                owners.append(change.owner)
                return
            }
            if !change.joins, owners.count == 1, owners.first == change.owner {
                owners = BlockOwners()
                return
            }
        }
        var list = Array(owners)
        if changes.contains(where: { !$0.joins }) {
            list.removeAll { owner in changes.contains { !$0.joins && $0.owner == owner } }
        }
        if changes.contains(where: \.joins) {
            for change in changes where change.joins { list.append(change.owner) }
            list.sort { ($0.position, $0.logicalIndex) < ($1.position, $1.logicalIndex) }
        }
        owners = BlockOwners(list)
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
}
