extension KVCacheManager {
    /// The free queue now, from the queue before and the touched blocks, without walking the
    /// linked list (when the manager tracks touched blocks; otherwise a walk).
    ///
    /// Blocks leave the queue from the head or the middle and join only at its tail, each with a
    /// newer ticket than any block already queued (`freeQueueTicket(of:)`), and every block that
    /// leaves or joins is in the touched list. So the queue now is the queue before without the
    /// touched blocks, followed by the touched blocks that are free now, in ticket order. The
    /// queue before is read only up to the last touched block it holds (allocations take the
    /// head; only a prefix hit takes a block from further on), and the rest copied whole: no
    /// pointer chasing; a test compares it with `freeQueue()` at every step of long runs.
    public func freeQueue(updating before: [BlockID], touched: [BlockID]) -> [BlockID] {
        guard tracksTouchedBlocks else { return freeQueue() }
        if touched.isEmpty { return before }
        // A bit per block: touched this step.
        var moved = [UInt64](repeating: 0, count: (numBlocks + 63) / 64)
        var joined: [(ticket: Int, block: BlockID)] = []
        for block in touched {
            moved[block.index >> 6] |= 1 << UInt64(block.index & 63)
            if let ticket = freeQueueTicket(of: block) { joined.append((ticket, block)) }
        }
        joined.sort { $0.ticket < $1.ticket }
        // The touched blocks the queue held before: every block free now is one of the others
        // or one that joined.
        let leaving = before.count - (numFreeBlocks - joined.count)
        var queue: [BlockID] = []
        queue.reserveCapacity(numFreeBlocks)
        before.withUnsafeBufferPointer { old in
            moved.withUnsafeBufferPointer { moved in
                var found = 0
                var position = 0
                while found < leaving, position < old.count {
                    let block = old[position].index
                    if moved[block >> 6] & (1 << UInt64(block & 63)) != 0 { found += 1 } else { queue.append(old[position]) }
                    position += 1
                }
                queue.append(contentsOf: old[position...])
            }
        }
        for item in joined { queue.append(item.block) }
        assert(queue.count == numFreeBlocks, "free queue of \(queue.count) blocks, the manager has \(numFreeBlocks)")
        return queue
    }
}
