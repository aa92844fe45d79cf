/// The physical blocks, their token contents, the free queue and the prefix-cache index: vLLM's
/// `BlockPool`. It knows nothing about sequences; `KVCacheManager` decides which blocks a
/// sequence takes, touches, publishes and releases.
struct BlockPool: Sendable {
    let numBlocks: Int
    let blockSize: Int

    private(set) var blocks: [KVCacheBlock]             // numBlocks
    /// Token ids by slot: `tokens[block * blockSize + offset]`. Kept after a block is freed so
    /// a hit can compare them and the inspector can show them.
    private(set) var tokens: [TokenID]                  // numBlocks * blockSize
    private(set) var freeQueue: FreeBlockQueue
    /// Hash -> the block that most recently received that hash.
    private(set) var index: BlockHashIndex
    /// Blocks holding a hash, used or free.
    private(set) var numHashedBlocks = 0
    /// Free blocks holding a hash.
    private(set) var numCachedFreeBlocks = 0

    init(numBlocks: Int, blockSize: Int) {
        self.numBlocks = numBlocks
        self.blockSize = blockSize
        blocks = Array(repeating: KVCacheBlock(), count: numBlocks)
        tokens = Array(repeating: 0, count: numBlocks * blockSize)
        freeQueue = FreeBlockQueue(numBlocks: numBlocks)
        index = BlockHashIndex(numBlocks: numBlocks)
    }

    var numFreeBlocks: Int { freeQueue.count }

    /// The block that holds `hash` in the prefix cache, if any.
    @inline(__always)
    func cachedBlock(for hash: UInt64) -> Int32? { index.block(for: hash) }

    /// Takes the head of the free queue for new contents, evicting its cache entry if it still
    /// had one. Returns the block and the evicted hash. The caller checked that a block is free.
    @inline(__always)
    mutating func takeFresh() -> (block: Int32, evicted: UInt64?) {
        guard let block = freeQueue.popFirst() else { preconditionFailure("no free block: check numFreeBlocks first") }
        var evicted: UInt64?
        if blocks[Int(block)].hasHash {
            let hash = blocks[Int(block)].hash
            evicted = hash
            index.remove(hash, ifMappedTo: block)
            numHashedBlocks -= 1
            numCachedFreeBlocks -= 1
        }
        let generation = blocks[Int(block)].generation &+ 1
        blocks[Int(block)] = KVCacheBlock(refCount: 1, generation: generation)
        return (block, evicted)
    }

    /// A prefix-cache hit: one more sequence holds `block`; a free block leaves the queue.
    /// `parent` is the hitting sequence's previous block, the block's lineage from now on.
    @inline(__always)
    mutating func touch(_ block: Int32, parent: Int32) {
        if blocks[Int(block)].refCount == 0 {
            freeQueue.remove(block)
            if blocks[Int(block)].hasHash { numCachedFreeBlocks -= 1 }
        }
        blocks[Int(block)].refCount += 1
        setParent(of: block, to: parent)
    }

    /// One more sequence holds `block` (a fork), which is in use already.
    @inline(__always)
    mutating func share(_ block: Int32) {
        blocks[Int(block)].refCount += 1
    }

    /// One sequence lets go of `block`; at zero it joins the free queue's tail, keeping its hash
    /// and tokens. Returns the ref count after.
    @inline(__always)
    mutating func release(_ block: Int32, parent: Int32) -> Int32 {
        let after = blocks[Int(block)].refCount - 1
        blocks[Int(block)].refCount = after
        if after == 0 {
            freeQueue.append(block)
            if blocks[Int(block)].hasHash {
                numCachedFreeBlocks += 1
                setParent(of: block, to: parent)
            }
        }
        return after
    }

    /// Makes a full, computed block findable under `hash`, replacing any older block that held
    /// the same hash in the index (the older one keeps its hash until it is evicted).
    @inline(__always)
    mutating func publish(_ block: Int32, hash: UInt64, parent: Int32) {
        blocks[Int(block)].hash = hash
        blocks[Int(block)].hasHash = true
        setParent(of: block, to: parent)
        index.set(hash, to: block)
        numHashedBlocks += 1
    }

    @inline(__always)
    private mutating func setParent(of block: Int32, to parent: Int32) {
        blocks[Int(block)].parent = parent
        blocks[Int(block)].parentGeneration = parent == KVCacheBlock.noParent ? 0 : blocks[Int(parent)].generation
    }

    /// Writes `count` token ids into `block` from slot `offset` on.
    @inline(__always)
    mutating func write(_ source: UnsafeBufferPointer<TokenID>, into block: Int32, at offset: Int) {
        let start = Int(block) * blockSize + offset
        tokens.withUnsafeMutableBufferPointer { slots in
            for index in 0 ..< source.count { slots[start + index] = source[index] }
        }
        blocks[Int(block)].filled = Int32(offset + source.count)
    }

    /// Appends one token in the next free slot of `block`.
    @inline(__always)
    mutating func append(_ token: TokenID, to block: Int32) {
        let filled = Int(blocks[Int(block)].filled)
        tokens[Int(block) * blockSize + filled] = token
        blocks[Int(block)].filled = Int32(filled + 1)
    }

    /// Copies the filled slots of `source` into the fresh block `target` (copy-on-write).
    mutating func copySlots(from source: Int32, to target: Int32) -> Int {
        let count = Int(blocks[Int(source)].filled)
        let from = Int(source) * blockSize
        let to = Int(target) * blockSize
        tokens.withUnsafeMutableBufferPointer { slots in
            for offset in 0 ..< count { slots[to + offset] = slots[from + offset] }
        }
        blocks[Int(target)].filled = Int32(count)
        return count
    }

    /// The filled token slots of `block`, read in place.
    @inline(__always)
    func withTokens<R>(of block: Int32, _ body: (UnsafeBufferPointer<TokenID>) -> R) -> R {
        tokens.withUnsafeBufferPointer { slots in
            let start = Int(block) * blockSize
            return body(UnsafeBufferPointer(rebasing: slots[start ..< start + Int(blocks[Int(block)].filled)]))
        }
    }

    /// Whether two blocks hold the same token ids.
    @inline(__always)
    func sameTokens(_ a: Int32, _ b: Int32) -> Bool {
        withTokens(of: a) { first in withTokens(of: b) { second in first.elementsEqual(second) } }
    }
}
