extension KVCacheManager {
    /// The free queue now, from the queue before and the touched blocks, without walking the
    /// linked list (when the manager tracks touched blocks; otherwise a walk).
    ///
    /// Blocks leave the queue from the head or the middle and join only at its tail, each with a
    /// newer ticket than any block already queued (`freeQueueTicket(of:)`), and every block that
    /// leaves or joins is in the touched list. So the queue now is the queue before without the
    /// touched blocks, followed by the touched blocks that are free now, in ticket order. O(queue)
    /// array work with no pointer chasing; a test compares it with `freeQueue()` at every step
    /// of long runs.
    public func freeQueue(updating before: [BlockID], touched: [BlockID]) -> [BlockID] {
        guard tracksTouchedBlocks else { return freeQueue() }
        if touched.isEmpty { return before }
        var moved = [Bool](repeating: false, count: numBlocks)
        var joined: [(ticket: Int, block: BlockID)] = []
        for block in touched {
            moved[block.index] = true
            if let ticket = freeQueueTicket(of: block) { joined.append((ticket, block)) }
        }
        joined.sort { $0.ticket < $1.ticket }
        var queue: [BlockID] = []
        queue.reserveCapacity(numFreeBlocks)
        before.withUnsafeBufferPointer { old in
            moved.withUnsafeBufferPointer { moved in
                for block in old where !moved[block.index] { queue.append(block) }
            }
        }
        for item in joined { queue.append(item.block) }
        assert(queue.count == numFreeBlocks, "free queue of \(queue.count) blocks, the manager has \(numFreeBlocks)")
        return queue
    }
}
