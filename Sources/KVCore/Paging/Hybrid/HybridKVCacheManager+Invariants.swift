extension HybridKVCacheManager {
    /// Every broken invariant, as readable lines; empty when the manager is consistent. Checks:
    /// each block's ref count equals the table entries holding it; a block is in the free queue
    /// iff its ref count is 0, and the queue is a well-formed list without repeats; no block is
    /// held by two groups or twice by one table; every table entry lies in the pool and its
    /// block serves that group; each table covers exactly the sequence's tokens; a sliding
    /// group's holes are a prefix of its table and cover every block behind the window; full
    /// groups have no holes; the cache index points only at blocks holding that key.
    public func validate() -> [String] {
        var problems: [String] = []
        var holders = Array(repeating: Int32(0), count: numBlocks)
        var holderGroup = Array(repeating: Int32(-1), count: numBlocks)
        for seq in sequenceIDs {
            let record = sequences[seq]!
            if record.numComputed > record.tokens.count {
                problems.append("\(seq) has \(record.numComputed) computed of \(record.tokens.count) tokens")
            }
            let blocksNeeded = (record.tokens.count + blockSize - 1) / blockSize
            for (group, table) in record.tables.enumerated() {
                if table.count != blocksNeeded {
                    problems.append("\(seq) group \(group) has \(table.count) table entries for \(record.tokens.count) tokens")
                }
                var seen = Set<Int32>()
                var holes = 0
                for (logical, block) in table.enumerated() {
                    if block == HybridBlockPool.none {
                        if logical != holes { problems.append("\(seq) group \(group) has a hole at \(logical) after a block") }
                        holes += 1
                        continue
                    }
                    guard block >= 0, Int(block) < numBlocks else {
                        problems.append("\(seq) group \(group) holds \(block), outside the pool")
                        continue
                    }
                    if !seen.insert(block).inserted { problems.append("\(seq) group \(group) holds block \(block) twice") }
                    holders[Int(block)] += 1
                    if holderGroup[Int(block)] >= 0 && holderGroup[Int(block)] != Int32(group) {
                        problems.append("block \(block) is in groups \(holderGroup[Int(block)]) and \(group)")
                    }
                    holderGroup[Int(block)] = Int32(group)
                    let expectedFill = min(blockSize, record.tokens.count - logical * blockSize)
                    if Int(pool.filled[Int(block)]) != expectedFill {
                        problems.append("\(seq) group \(group) block \(block) has \(pool.filled[Int(block)]) filled slots, expected \(expectedFill)")
                    } else if pool.tokens(of: block).elementsEqual(record.tokens[logical * blockSize ..< logical * blockSize + expectedFill]) == false {
                        problems.append("\(seq) group \(group) block \(block) holds other tokens than the sequence")
                    }
                    if pool.groups[Int(block)] != Int32(group) {
                        problems.append("block \(block) in a group-\(group) table serves group \(pool.groups[Int(block)])")
                    }
                }
                switch groups[group] {
                case .full:
                    if holes > 0 { problems.append("\(seq) full group \(group) has \(holes) holes") }
                case .slidingWindow(let window):
                    let first = config.firstUsefulBlock(window: window, computed: record.numComputed)
                    if holes < first { problems.append("\(seq) group \(group) keeps blocks before its window (first useful \(first), \(holes) holes)") }
                }
            }
        }
        for block in 0 ..< numBlocks where holders[block] != pool.refCounts[block] {
            problems.append("block \(block) has ref count \(pool.refCounts[block]) but \(holders[block]) holders")
        }
        problems += freeQueueProblems()
        problems += prefixNumberProblems()
        for (key, block) in pool.index where pool.keys[Int(block)] != key {
            problems.append("the cache index maps group \(key.group) hash \(key.hash) to block \(block), which holds another key")
        }
        if numUsedBlocks > hybridStats.peakUsedBlocks {
            problems.append("\(numUsedBlocks) blocks used, above the recorded peak \(hybridStats.peakUsedBlocks)")
        }
        return problems
    }

    /// Throws when `validate()` finds a problem.
    public func checkInvariants() throws {
        let problems = validate()
        if !problems.isEmpty { throw PagingInvariantError(problems: problems) }
    }

    /// Runs `validate()` after a mutation in debug builds.
    @inline(__always)
    func debugCheckInvariants() {
        #if DEBUG
        guard checksInvariantsInDebugBuilds else { return }
        let problems = validate()
        precondition(problems.isEmpty, "hybrid KV cache manager invariants broken: " + problems.joined(separator: "; "))
        #endif
    }

    /// Each live prefix number is referenced exactly by the blocks published under it, the
    /// sequences holding it and the longer prefixes named after it; every block the cache index
    /// finds carries one.
    private func prefixNumberProblems() -> [String] {
        var problems: [String] = []
        var expected: [Int: Int] = [:]
        for number in pool.prefixes where number != PrefixIdentities.none { expected[number, default: 0] += 1 }
        for parent in pool.identities.parents { expected[parent, default: 0] += 1 }
        for (seq, record) in sequences {
            if record.prefixNumbers.count > record.tokens.count / blockSize {
                problems.append("\(seq) names \(record.prefixNumbers.count) prefixes for \(record.tokens.count) tokens")
            }
            for number in record.prefixNumbers { expected[number, default: 0] += 1 }
        }
        if expected != pool.identities.references {
            problems.append("prefix numbers have \(pool.identities.references.count) live entries, \(expected.count) referenced, or counts differ")
        }
        for block in pool.index.values where pool.prefixes[Int(block)] == PrefixIdentities.none {
            problems.append("the cache index finds block \(block), which carries no prefix number")
        }
        return problems
    }

    private func freeQueueProblems() -> [String] {
        var problems: [String] = []
        var inQueue = Array(repeating: false, count: numBlocks)
        var previous = HybridBlockPool.none
        var block = pool.head
        var count = 0
        while block != HybridBlockPool.none {
            guard block >= 0, Int(block) < numBlocks, !inQueue[Int(block)] else {
                problems.append("the free queue repeats or leaves the pool at block \(block)")
                return problems
            }
            inQueue[Int(block)] = true
            if pool.previous[Int(block)] != previous { problems.append("block \(block) links back to \(pool.previous[Int(block)]), not \(previous)") }
            if pool.refCounts[Int(block)] != 0 { problems.append("block \(block) is queued with ref count \(pool.refCounts[Int(block)])") }
            previous = block
            block = pool.next[Int(block)]
            count += 1
        }
        if previous != pool.tail { problems.append("the free queue ends at \(previous), its tail says \(pool.tail)") }
        if count != pool.numFree { problems.append("\(count) blocks queued, the counter says \(pool.numFree)") }
        for block in 0 ..< numBlocks where pool.refCounts[block] == 0 && !inQueue[block] {
            problems.append("free block \(block) is not in the free queue")
        }
        return problems
    }
}
