extension BlockPool {
    /// Problems with the pool alone: the free queue's shape and membership, the hash index,
    /// the counters. `expectedRefCounts` are the ref counts the block tables imply.
    func problems(expectedRefCounts: [Int32]) -> [String] {
        var problems = freeQueue.shapeProblems()
        var queued = Array(repeating: false, count: numBlocks)
        for block in freeQueue.blocks() where block >= 0 && Int(block) < numBlocks {
            if queued[Int(block)] { problems.append("block \(block) is in the free queue twice") }
            queued[Int(block)] = true
        }
        var hashed = 0
        var cachedFree = 0
        for id in 0 ..< numBlocks {
            let block = blocks[id]
            if block.refCount < 0 { problems.append("block \(id) has ref count \(block.refCount)") }
            if block.refCount != expectedRefCounts[id] {
                problems.append("block \(id) has ref count \(block.refCount), block tables hold it \(expectedRefCounts[id]) times")
            }
            if queued[id] != (block.refCount == 0) {
                problems.append("block \(id) has ref count \(block.refCount) but is \(queued[id] ? "" : "not ")in the free queue")
            }
            if block.filled < 0 || Int(block.filled) > blockSize { problems.append("block \(id) has \(block.filled) filled slots") }
            if block.hasHash {
                hashed += 1
                if block.refCount == 0 { cachedFree += 1 }
                if Int(block.filled) != blockSize { problems.append("block \(id) holds a hash but only \(block.filled) slots are filled") }
            }
        }
        if hashed != numHashedBlocks { problems.append("\(hashed) blocks hold a hash, the counter says \(numHashedBlocks)") }
        if cachedFree != numCachedFreeBlocks {
            problems.append("\(cachedFree) free blocks hold a hash, the counter says \(numCachedFreeBlocks)")
        }
        for key in index.unreachableKeys() { problems.append("hash index cannot find its own key \(BlockHash(key))") }
        for (hash, block) in index.allEntries {
            guard block >= 0, Int(block) < numBlocks else {
                problems.append("hash index points at block \(block), outside the pool")
                continue
            }
            if !blocks[Int(block)].hasHash || blocks[Int(block)].hash != hash {
                problems.append("hash index maps \(BlockHash(hash)) to block \(block), which does not hold it")
            }
        }
        return problems
    }
}
