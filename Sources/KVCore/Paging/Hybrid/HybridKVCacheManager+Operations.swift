/// What `HybridKVCacheManager.allocate` did.
public struct HybridAllocation: Equatable, Sendable {
    /// Prompt tokens found in the prefix cache in every group: they need no computing.
    public let hitTokens: Int
    /// Per group, the cached blocks the sequence took (a sliding group takes only those in the
    /// window of the first token to compute).
    public let hitBlocks: [Int]
    /// Blocks taken from the free queue, over all groups.
    public let freshBlocks: Int
}

extension HybridKVCacheManager {
    /// Blocks `allocate(_:prompt:)` would take from the free queue for `prompt` now: fresh
    /// blocks plus cached blocks it would pull out of the queue. Nothing changes.
    public func blocksToAllocate(prompt: [TokenID]) -> Int {
        let plan = plan(tokens: prompt)
        return plan.needed(placing: prompt.count, blockSize: blockSize, groups: groups.count)
    }

    /// Admits `seq` with its whole `prompt` placed: `allocate(_:tokens:newTokens:)` scheduling
    /// every token after the hit.
    @discardableResult
    public mutating func allocate(_ seq: SequenceID, prompt: [TokenID]) -> HybridAllocation? {
        admit(seq, tokens: prompt) { _ in prompt.count }
    }

    /// The hit `allocate` would find for `tokens` now, in blocks. Nothing changes.
    public func prefixHitBlocks(of tokens: [TokenID]) -> Int { plan(tokens: tokens).hitBlocks }

    /// Admits `seq` whose tokens are `tokens`, as vLLM v1's `allocate_slots` admits a new
    /// request: the prefix hit is looked up over all of `tokens`, the cached blocks each group
    /// needs are taken, and fresh blocks in every group for the `newTokens(hitTokens)` tokens
    /// after the hit (clamped to 1 ... the rest); later chunks get theirs from `placeSlots`.
    /// Returns nil, changing nothing, when the free queue is too short.
    @discardableResult
    public mutating func admit(_ seq: SequenceID, tokens: [TokenID], newTokens: (_ hitTokens: Int) -> Int) -> HybridAllocation? {
        precondition(sequences[seq] == nil, "\(seq) is allocated already")
        precondition(!tokens.isEmpty, "a prompt needs at least one token")
        let plan = plan(tokens: tokens)
        let hitTokens = plan.hitBlocks * blockSize
        let placed = hitTokens + min(max(1, newTokens(hitTokens)), tokens.count - hitTokens)
        guard plan.needed(placing: placed, blockSize: blockSize, groups: groups.count) <= pool.numFree else { return nil }
        var record = HybridSequenceRecord(tokens: Array(tokens.prefix(placed)), numComputed: hitTokens,
                                          tables: Array(repeating: [], count: groups.count),
                                          numPublished: Array(repeating: plan.hitBlocks, count: groups.count),
                                          blockHashes: Array(plan.hashes.prefix(placed / blockSize)),
                                          prefixNumbers: Array(plan.prefixNumbers.prefix(plan.hitBlocks)))
        for number in record.prefixNumbers { pool.identities.retain(number) }
        // Every group's hit blocks leave the queue before any fresh block is taken, so a fresh
        // block can never evict a block another group is about to reuse.
        for (group, blocks) in plan.groupHits.enumerated() {
            for block in blocks where block != HybridBlockPool.none { pool.touch(block) }
            record.tables[group] = blocks
        }
        let fresh = growTables(&record)
        if enablePrefixCaching && publishing == .whenScheduled { publish(&record) }
        sequences[seq] = record
        hybridStats.hitTokens += hitTokens
        notePeak()
        debugCheckInvariants()
        return HybridAllocation(hitTokens: hitTokens,
                                hitBlocks: plan.groupHits.map { $0.count { $0 != HybridBlockPool.none } },
                                freshBlocks: fresh)
    }

    /// Records that the first `computed` tokens of `seq` have their K/V: their full blocks are
    /// published to the prefix cache in every group, then each sliding group returns the blocks
    /// wholly before the window of the next token. Returns the blocks returned to the pool.
    @discardableResult
    public mutating func markComputed(_ seq: SequenceID, upTo computed: Int) -> [BlockID] {
        guard var record = sequences.removeValue(forKey: seq) else { preconditionFailure("\(seq) is not allocated") }
        precondition(computed >= record.numComputed && computed <= record.tokens.count,
                     "\(seq): computed \(computed) outside \(record.numComputed)...\(record.tokens.count)")
        record.numComputed = computed
        if enablePrefixCaching { publish(&record) }
        let freed = dropBehindWindow(&record)
        sequences[seq] = record
        debugCheckInvariants()
        return freed
    }

    /// Blocks placing `count` more tokens after the end of `seq` would take: in each group, the
    /// blocks its table lacks for them.
    public func blocksToAppend(_ count: Int, to seq: SequenceID) -> Int {
        let record = record(seq)
        let needed = (record.tokens.count + count + blockSize - 1) / blockSize
        let copies = count > 0 && record.tokens.count % blockSize != 0
            ? record.tables.count { $0.last.map { $0 != HybridBlockPool.none && pool.refCounts[Int($0)] > 1 } ?? false } : 0
        return copies + record.tables.reduce(0) { $0 + max(0, needed - $1.count) }
    }

    /// Appends one token to `seq` (not yet computed): `placeSlots` of one token. Returns
    /// its slot in the first group's block (and the block taken for it there, if any), nil,
    /// changing nothing, when the free queue is too short.
    @discardableResult
    public mutating func appendToken(_ seq: SequenceID, _ token: TokenID) -> AppendResult? {
        let before = sequences[seq]?.tables.first?.last
        guard placeSlots(seq, appending: CollectionOfOne(token)) else { return nil }
        let record = record(seq)
        let position = record.tokens.count - 1
        let block = record.tables[0][position / blockSize]
        let isNew = before != block
        let copied = isNew && position % blockSize != 0 ? before.map(BlockID.init) : nil
        return AppendResult(slot: Int(block) * blockSize + position % blockSize,
                            newBlock: isNew ? BlockID(block) : nil, copiedFrom: copied)
    }

    /// Parallel sampling: `child` holds every block of `parent` too (ref count + 1 each), with
    /// the same tokens and computed count; a later write into a shared partially filled block
    /// copies it first.
    public mutating func fork(_ parent: SequenceID, into child: SequenceID) {
        precondition(sequences[child] == nil, "\(child) is allocated already")
        let record = record(parent)
        for table in record.tables {
            for block in table where block != HybridBlockPool.none { pool.touch(block) }
        }
        for number in record.prefixNumbers { pool.identities.retain(number) }
        sequences[child] = record
        debugCheckInvariants()
    }

    /// Places `tokens` after the end of `seq` (the slots a step schedules), taking in each group
    /// the blocks its table lacks. Returns false, changing nothing, when the free queue is too
    /// short.
    @discardableResult
    public mutating func placeSlots(_ seq: SequenceID, appending tokens: some Collection<TokenID>) -> Bool {
        guard blocksToAppend(tokens.count, to: seq) <= pool.numFree else { return false }
        guard var record = sequences.removeValue(forKey: seq) else { preconditionFailure("\(seq) is not allocated") }
        record.tokens.append(contentsOf: tokens)
        growTables(&record)
        if enablePrefixCaching && publishing == .whenScheduled { publish(&record) }
        sequences[seq] = record
        notePeak()
        debugCheckInvariants()
        return true
    }

    /// Frees `seq`: every block it holds is released, each group's table from its last block to
    /// its first, so a sequence's tail is evicted before its head.
    public mutating func free(_ seq: SequenceID) {
        guard let record = sequences.removeValue(forKey: seq) else { preconditionFailure("\(seq) is not allocated") }
        for table in record.tables {
            for block in table.reversed() where block != HybridBlockPool.none { pool.release(block) }
        }
        for number in record.prefixNumbers { pool.identities.release(number) }
        debugCheckInvariants()
    }

    // MARK: Helpers

    /// The hit and the block count of admitting `prompt`.
    /// A cached block is found by (hash, group) and taken only when it holds the prompt's exact
    /// prefix (`numbers`, the prompt's named prefixes): equal token ids after equal token ids.
    private func plan(tokens: [TokenID]) -> HybridAdmissionPlan {
        let hashes = chainedHashes(of: tokens, from: [])
        var hit = 0
        var numbers: [Int] = []
        if enablePrefixCaching {
            let maxBlocks = min((tokens.count - 1) / blockSize, hashes.count)
            numbers = pool.identities.lookupChain(of: tokens, blockSize: blockSize, limit: maxBlocks)
            hit = HybridPrefixSearch.hybridHit(maxBlocks: numbers.count, groups: groups, blockSize: blockSize) { group, logical in
                pool.cachedBlock(.init(hash: hashes[logical], group: group), prefix: numbers[logical]) != nil
            }
        }
        var groupHits: [[Int32]] = []
        var queued = 0
        for (group, attention) in groups.enumerated() {
            var first = 0
            if let window = attention.window { first = config.firstUsefulBlock(window: window, computed: hit * blockSize) }
            var table = Array(repeating: HybridBlockPool.none, count: first)
            for logical in first ..< hit {
                guard let block = pool.cachedBlock(.init(hash: hashes[logical], group: group), prefix: numbers[logical]) else {
                    preconditionFailure("group \(group) misses logical block \(logical) inside the agreed hit of \(hit)")
                }
                if pool.refCounts[Int(block)] == 0 { queued += 1 }
                table.append(block)
            }
            groupHits.append(table)
        }
        return HybridAdmissionPlan(hashes: hashes, prefixNumbers: numbers, hitBlocks: hit, groupHits: groupHits,
                                   queuedHitBlocks: queued)
    }

    /// Takes fresh blocks until every group's table covers the sequence's tokens; returns how
    /// many it took.
    @discardableResult
    private mutating func growTables(_ record: inout HybridSequenceRecord) -> Int {
        let needed = (record.tokens.count + blockSize - 1) / blockSize
        var fresh = 0
        for group in groups.indices {
            // The first token not yet written: the end of the last block the table had.
            var position = record.tables[group].last.map { block in
                (record.tables[group].count - 1) * blockSize + (block == HybridBlockPool.none ? blockSize : Int(pool.filled[Int(block)]))
            } ?? 0
            if position < record.tokens.count && position % blockSize != 0 {
                // Writing into a partially filled last block that a fork shares: copy it first.
                let logical = position / blockSize
                let shared = record.tables[group][logical]
                if shared != HybridBlockPool.none && pool.refCounts[Int(shared)] > 1 {
                    let copy = takeFresh(for: group)
                    for offset in 0 ..< position % blockSize { pool.write(record.tokens[logical * blockSize + offset], into: copy, at: offset) }
                    pool.release(shared)
                    record.tables[group][logical] = copy
                    hybridStats.copiesOnWrite += 1
                    fresh += 1
                }
            }
            while record.tables[group].count < needed {
                record.tables[group].append(takeFresh(for: group))
                fresh += 1
            }
            while position < record.tokens.count {
                let block = record.tables[group][position / blockSize]
                pool.write(record.tokens[position], into: block, at: position % blockSize)
                position += 1
            }
        }
        return fresh
    }

    /// The chained hashes of every full block of `tokens`, reusing the `known` leading ones.
    func chainedHashes(of tokens: [TokenID], from known: [UInt64]) -> [UInt64] {
        var hashes = known
        let full = tokens.count / blockSize
        tokens.withUnsafeBufferPointer { buffer in
            while hashes.count < full {
                let start = hashes.count * blockSize
                let parent = hashes.last.map(BlockHash.init)
                let slice = UnsafeBufferPointer(rebasing: buffer[start ..< start + blockSize])
                hashes.append(hasher.hash(parent: parent, tokens: slice).value)
            }
        }
        return hashes
    }

    /// Publishes the full blocks not yet published, in every group (holes skipped): the
    /// computed ones, or under `.whenScheduled` every placed one.
    private mutating func publish(_ record: inout HybridSequenceRecord) {
        let computedBlocks = (publishing == .whenScheduled ? record.tokens.count : record.numComputed) / blockSize
        guard record.numPublished.contains(where: { $0 < computedBlocks }) else { return }
        record.blockHashes = chainedHashes(of: record.tokens, from: record.blockHashes)
        while record.prefixNumbers.count < computedBlocks {
            let start = record.prefixNumbers.count * blockSize
            let parent = record.prefixNumbers.last ?? PrefixIdentities.none
            record.prefixNumbers.append(pool.identities.retain(parent: parent, tokens: record.tokens[start ..< start + blockSize]))
        }
        for group in groups.indices {
            for logical in record.numPublished[group] ..< max(record.numPublished[group], computedBlocks) {
                let block = record.tables[group][logical]
                guard block != HybridBlockPool.none else { continue }
                pool.publish(block, key: .init(hash: record.blockHashes[logical], group: group),
                             prefix: record.prefixNumbers[logical])
            }
            record.numPublished[group] = max(record.numPublished[group], computedBlocks)
        }
    }

    /// Returns each sliding group's blocks before the window of the next token, newest first,
    /// stopping at the first hole (everything before it went on an earlier call).
    private mutating func dropBehindWindow(_ record: inout HybridSequenceRecord) -> [BlockID] {
        var freed: [BlockID] = []
        for (group, attention) in groups.enumerated() {
            guard let window = attention.window else { continue }
            var logical = config.firstUsefulBlock(window: window, computed: record.numComputed) - 1
            while logical >= 0, record.tables[group][logical] != HybridBlockPool.none {
                let block = record.tables[group][logical]
                record.tables[group][logical] = HybridBlockPool.none
                pool.release(block)
                freed.append(BlockID(block))
                logical -= 1
            }
        }
        hybridStats.freedBehindWindow += freed.count
        return freed
    }

    private mutating func takeFresh(for group: Int) -> Int32 {
        let (block, evicted) = pool.takeFresh(for: group)
        hybridStats.freshBlocks += 1
        if evicted != nil { hybridStats.evictions += 1 }
        return block
    }

    private mutating func notePeak() {
        hybridStats.peakUsedBlocks = max(hybridStats.peakUsedBlocks, numUsedBlocks)
    }
}

/// The prefix hit of a prompt and the blocks it would take from the queue.
struct HybridAdmissionPlan {
    /// Chained hashes of the prompt's full blocks.
    let hashes: [UInt64]
    /// The prompt's leading full blocks whose exact prefix is named (`PrefixIdentities`).
    let prefixNumbers: [Int]
    /// The hit, in blocks, agreed by every group.
    let hitBlocks: Int
    /// Per group, the table the hit gives: holes, then the cached blocks the group needs.
    let groupHits: [[Int32]]
    /// Hit blocks now in the free queue (touching them takes them out).
    let queuedHitBlocks: Int

    /// Blocks taken from the queue when `placed` tokens are placed: the hit blocks in the
    /// queue plus, in each group, a fresh block per block after the hit.
    func needed(placing placed: Int, blockSize: Int, groups: Int) -> Int {
        queuedHitBlocks + groups * ((placed + blockSize - 1) / blockSize - hitBlocks)
    }
}
