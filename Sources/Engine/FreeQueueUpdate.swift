import KVCore

/// The manager's free queue after a step, from the queue before it and the blocks the step
/// touched, without walking the manager's linked list.
///
/// Blocks leave the queue from the head or the middle and join only at its tail, each with a
/// newer ticket than any block already queued (`KVCacheManager.freeQueueTicket(of:)`), and every
/// block that leaves or joins is in the step's touched list. So the queue after the step is the
/// queue before it without the touched blocks, followed by the touched blocks that are free
/// now, in ticket order. O(queue) array work with no pointer chasing; a test compares it with
/// `kv.freeQueue()` at every step of long runs.
enum FreeQueueUpdate {
    /// Only the fast manager is trusted with the derivation (its touched list is exact and its
    /// tickets order the queue); the reference and hybrid managers walk their own queue.
    static func queue(before: [BlockID]?, touched: [BlockID], kv manager: any BlockManager) -> [BlockID] {
        guard let before, let kv = manager as? KVCacheManager, kv.tracksTouchedBlocks else { return manager.freeQueue() }
        if touched.isEmpty { return before }
        var moved = [Bool](repeating: false, count: kv.numBlocks)
        var joined: [(ticket: Int, block: BlockID)] = []
        for block in touched {
            moved[block.index] = true
            if let ticket = kv.freeQueueTicket(of: block) { joined.append((ticket, block)) }
        }
        joined.sort { $0.ticket < $1.ticket }
        var queue: [BlockID] = []
        queue.reserveCapacity(kv.numFreeBlocks)
        before.withUnsafeBufferPointer { old in
            moved.withUnsafeBufferPointer { moved in
                for block in old where !moved[block.index] { queue.append(block) }
            }
        }
        for item in joined { queue.append(item.block) }
        assert(queue.count == kv.numFreeBlocks, "free queue of \(queue.count) blocks, the manager has \(kv.numFreeBlocks)")
        return queue
    }
}
