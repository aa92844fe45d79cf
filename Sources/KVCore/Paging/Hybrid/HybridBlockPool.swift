/// The one pool every KV-cache group of a hybrid manager draws from (vLLM's `BlockPool` with
/// several groups): ref counts, a free queue in eviction order, and the prefix-cache index keyed
/// by (block hash, group), so the same tokens are cached and evicted separately in each group.
/// A hash names where to look, never decides a hit: each published block also carries the exact
/// number of its token prefix (`PrefixIdentities`), which a hit must match.
///
/// A plain value (arrays): the hybrid manager is a teaching model, sized for screens and tests,
/// not for the trace replays the fast `BlockPool` serves.
struct HybridBlockPool: Sendable {
    /// The prefix-cache key of a block: its chained hash and the group it was cached for.
    struct CacheKey: Hashable, Sendable {
        let hash: UInt64
        let group: Int
    }

    static let none: Int32 = -1

    private(set) var refCounts: [Int32]
    /// The key a block was published under, kept while it waits in the free queue and dropped
    /// when it is taken fresh (evicted).
    private(set) var keys: [CacheKey?]
    /// The group the block last served (-1 while it never has): what the grid colours it by.
    private(set) var groups: [Int32]
    /// Key -> the block holding it.
    private(set) var index: [CacheKey: Int32] = [:]
    /// The prefix number each block was published under (`PrefixIdentities.none` when none):
    /// what a hit compares, token ids and lineage, where the hash only points.
    private(set) var prefixes: [Int]
    /// The names of the cached prefixes, referenced by the blocks published under them and by
    /// the sequences whose tokens have them.
    var identities = PrefixIdentities()

    // The free queue: a doubly linked list through the blocks, head evicted first.
    private(set) var next: [Int32]
    private(set) var previous: [Int32]
    private(set) var head: Int32
    private(set) var tail: Int32
    private(set) var numFree: Int
    /// When each free block last joined the queue's tail: block i starts with ticket i, each
    /// later join takes the next number, so the queue's order is ticket order.
    private(set) var tickets: [Int]
    private var nextTicket: Int

    /// Token ids by slot, `tokens[block * blockSize + offset]`, kept after a block is freed
    /// (what the inspector shows of a cached block).
    private(set) var tokens: [TokenID]
    /// Filled slots of each block.
    private(set) var filled: [Int32]
    let blockSize: Int
    /// Blocks changed since the last `drainTouched()`, each once.
    private(set) var touched: [Int32] = []
    private var isTouched: [Bool]

    var numBlocks: Int { refCounts.count }

    init(numBlocks: Int, blockSize: Int) {
        self.blockSize = blockSize
        tickets = Array(0 ..< numBlocks)
        nextTicket = numBlocks
        tokens = Array(repeating: 0, count: numBlocks * blockSize)
        filled = Array(repeating: 0, count: numBlocks)
        isTouched = Array(repeating: false, count: numBlocks)
        refCounts = Array(repeating: 0, count: numBlocks)
        keys = Array(repeating: nil, count: numBlocks)
        prefixes = Array(repeating: PrefixIdentities.none, count: numBlocks)
        groups = Array(repeating: Self.none, count: numBlocks)
        next = (0 ..< numBlocks).map { $0 + 1 < numBlocks ? Int32($0 + 1) : Self.none }
        previous = (0 ..< numBlocks).map { Int32($0 - 1) }
        head = numBlocks > 0 ? 0 : Self.none
        tail = numBlocks > 0 ? Int32(numBlocks - 1) : Self.none
        numFree = numBlocks
    }

    /// The cached block for `key`, if one is in the pool (in use or free).
    func cachedBlock(_ key: CacheKey) -> Int32? { index[key] }

    /// The cached block for `key` when it holds exactly the prefix numbered `prefix`: the same
    /// token ids after the same earlier tokens. A block found under a colliding hash is no hit.
    func cachedBlock(_ key: CacheKey, prefix: Int) -> Int32? {
        guard let block = index[key], prefixes[Int(block)] == prefix else { return nil }
        return block
    }

    /// Takes the head of the free queue for group `group`, evicting its cache entry. Returns the
    /// block and the key it evicted, if any. The caller checked that a block is free.
    mutating func takeFresh(for group: Int) -> (block: Int32, evicted: CacheKey?) {
        precondition(head != Self.none, "takeFresh on an empty free queue")
        let block = head
        unlink(block)
        let evicted = keys[Int(block)]
        if let evicted, index[evicted] == block { index[evicted] = nil }
        keys[Int(block)] = nil
        identities.release(prefixes[Int(block)])
        prefixes[Int(block)] = PrefixIdentities.none
        refCounts[Int(block)] = 1
        groups[Int(block)] = Int32(group)
        filled[Int(block)] = 0
        noteTouched(block)
        return (block, evicted)
    }

    /// A prefix-cache hit: one more holder of `block`; a free block leaves the queue.
    mutating func touch(_ block: Int32) {
        if refCounts[Int(block)] == 0 { unlink(block) }
        refCounts[Int(block)] += 1
        noteTouched(block)
    }

    /// One holder lets go of `block`; at zero it joins the tail of the free queue, keeping its
    /// cache key until it is evicted.
    mutating func release(_ block: Int32) {
        precondition(refCounts[Int(block)] > 0, "releasing free block \(block)")
        refCounts[Int(block)] -= 1
        if refCounts[Int(block)] == 0 { append(block) }
        noteTouched(block)
    }

    /// Makes a full, computed block findable under `key`, holding the prefix numbered `prefix`
    /// (live: the caller holds a reference); an older block of the same key keeps its key until
    /// evicted but is no longer found.
    mutating func publish(_ block: Int32, key: CacheKey, prefix: Int) {
        keys[Int(block)] = key
        index[key] = block
        identities.retain(prefix)
        identities.release(prefixes[Int(block)])
        prefixes[Int(block)] = prefix
        noteTouched(block)
    }

    /// Writes `token` into slot `offset` of `block`, which then holds `offset + 1` tokens.
    mutating func write(_ token: TokenID, into block: Int32, at offset: Int) {
        tokens[Int(block) * blockSize + offset] = token
        filled[Int(block)] = Int32(offset + 1)
        noteTouched(block)
    }

    /// The filled token slots of `block`.
    func tokens(of block: Int32) -> ArraySlice<TokenID> {
        let start = Int(block) * blockSize
        return tokens[start ..< start + Int(filled[Int(block)])]
    }

    /// The changed blocks, in the order first changed; empties the list.
    mutating func drainTouched() -> [Int32] {
        let result = touched
        for block in result { isTouched[Int(block)] = false }
        touched.removeAll(keepingCapacity: true)
        return result
    }

    private mutating func noteTouched(_ block: Int32) {
        guard !isTouched[Int(block)] else { return }
        isTouched[Int(block)] = true
        touched.append(block)
    }

    /// The free queue from head to tail. O(free blocks).
    func freeQueue() -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(numFree)
        var block = head
        while block != Self.none, result.count <= numBlocks {
            result.append(block)
            block = next[Int(block)]
        }
        return result
    }

    private mutating func unlink(_ block: Int32) {
        let before = previous[Int(block)], after = next[Int(block)]
        if before == Self.none { head = after } else { next[Int(before)] = after }
        if after == Self.none { tail = before } else { previous[Int(after)] = before }
        next[Int(block)] = Self.none
        previous[Int(block)] = Self.none
        numFree -= 1
    }

    private mutating func append(_ block: Int32) {
        previous[Int(block)] = tail
        next[Int(block)] = Self.none
        if tail == Self.none { head = block } else { next[Int(tail)] = block }
        tail = block
        numFree += 1
        tickets[Int(block)] = nextTicket
        nextTicket += 1
    }
}
