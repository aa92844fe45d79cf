import Foundation

/// The physical blocks, their token contents, the free queue and the prefix-cache index: vLLM's
/// `BlockPool`. Its block methods know nothing about sequences; `KVCacheManager` decides which
/// blocks a sequence takes, touches, publishes and releases. It also keeps the manager's
/// per-sequence records and block tables (`records`, `tables`), stored so that a copy of the
/// pool costs the sequences in flight, not every sequence the run has seen.
///
/// The pool is the manager's copy-on-write storage, in the manner of `Array`'s buffer: a class
/// that owns fixed-size raw memory, which `KVCacheManager` copies (`init(copying:)`) before its
/// first mutation when another manager value shares it. Its writing methods are therefore
/// non-mutating and write straight through pointers: one uniqueness check per manager
/// operation instead of one per array write, and no bounds checks in release builds (the
/// manager only passes block ids it took from its own tables, the queue or the index; debug
/// builds assert the ranges and check every invariant after every operation).
final class BlockPool: @unchecked Sendable {
    // @unchecked: the memory is written only by the manager that holds the sole reference.

    /// Counters kept next to the blocks (in raw memory, so that writing them needs no
    /// exclusivity check on this class).
    struct Counters: BitwiseCopyable {
        /// Blocks holding a hash, used or free.
        var numHashedBlocks = 0
        /// Free blocks holding a hash.
        var numCachedFreeBlocks = 0
        /// Entries in `touchedLog`.
        var numTouched = 0
    }

    let numBlocks: Int
    let blockSize: Int

    /// Per-block bookkeeping, `numBlocks` of them.
    let blocks: UnsafeMutablePointer<KVCacheBlock>
    /// Token ids by slot: `tokens[block * blockSize + offset]`. Kept after a block is freed so
    /// a hit can compare them and the inspector can show them.
    let tokens: UnsafeMutablePointer<TokenID>
    let freeQueue: FreeBlockQueue
    /// Hash -> the block that most recently received that hash.
    let index: BlockHashIndex
    let counters: UnsafeMutablePointer<Counters>
    /// The manager's `SequenceRecord`s by `SequenceID.rawValue`, `recordCapacity` of them (the
    /// unused ones empty, not live); a copy copies the stretch of live ids. The manager grows
    /// them by copying the pool with a larger capacity.
    let records: SequenceRecordStore
    /// The manager's block tables (logical -> physical block) by `SequenceID.rawValue`, in
    /// chunks a copied pool shares until it writes them.
    let tables: SharedChunks<[Int32]>
    var recordCapacity: Int { records.capacity }
    /// Whether the pool lists the blocks its methods change (`touchedLog`), for a reader that
    /// redraws only those (the engine's snapshots). Each block is listed once until the list
    /// is drained, so the list never outgrows the pool.
    let tracksTouched: Bool
    private let touchedFlags: UnsafeMutablePointer<Bool>
    private let touchedLog: UnsafeMutablePointer<Int32>
    /// The undo journal recording this pool's writes, while one is open (`PoolJournal`); kept
    /// in raw memory so that the check in every writer is a load, not an exclusivity check.
    let journalSlot: UnsafeMutablePointer<Unmanaged<PoolJournal>?>

    init(numBlocks: Int, blockSize: Int, recordCapacity: Int = 0, tracksTouched: Bool = false) {
        self.numBlocks = numBlocks
        self.blockSize = blockSize
        self.tracksTouched = tracksTouched
        let tracked = tracksTouched ? numBlocks : 0
        touchedFlags = .allocate(capacity: max(1, tracked))
        touchedFlags.initialize(repeating: false, count: tracked)
        touchedLog = .allocate(capacity: max(1, tracked))
        records = SequenceRecordStore(capacity: recordCapacity)
        tables = SharedChunks(capacity: recordCapacity, empty: [])
        blocks = .allocate(capacity: numBlocks)
        blocks.initialize(repeating: KVCacheBlock(), count: numBlocks)
        tokens = .allocate(capacity: numBlocks * blockSize)
        tokens.initialize(repeating: 0, count: numBlocks * blockSize)
        freeQueue = FreeBlockQueue(numBlocks: numBlocks)
        index = BlockHashIndex(numBlocks: numBlocks)
        counters = .allocate(capacity: 1)
        counters.initialize(to: Counters())
        journalSlot = .allocate(capacity: 1)
        journalSlot.initialize(to: nil)
    }

    /// A copy: what a manager value makes before writing to a pool it shares, or to make room
    /// for more sequence records (`recordCapacity` at least `other`'s). The blocks, tokens,
    /// queue and index are copied, the records of the live stretch too; the table chunks are
    /// shared until written.
    init(copying other: BlockPool, recordCapacity: Int? = nil) {
        numBlocks = other.numBlocks
        blockSize = other.blockSize
        tracksTouched = other.tracksTouched
        let tracked = tracksTouched ? numBlocks : 0
        touchedFlags = .allocate(capacity: max(1, tracked))
        touchedFlags.initialize(from: other.touchedFlags, count: tracked)
        touchedLog = .allocate(capacity: max(1, tracked))
        touchedLog.initialize(from: other.touchedLog, count: other.counters.pointee.numTouched)
        let capacity = max(recordCapacity ?? 0, other.recordCapacity)
        records = SequenceRecordStore(copying: other.records, capacity: capacity)
        tables = SharedChunks(sharing: other.tables, capacity: capacity)
        blocks = .allocate(capacity: numBlocks)
        blocks.initialize(from: other.blocks, count: numBlocks)
        tokens = .allocate(capacity: numBlocks * blockSize)
        tokens.initialize(from: other.tokens, count: numBlocks * blockSize)
        freeQueue = FreeBlockQueue(copying: other.freeQueue)
        index = BlockHashIndex(copying: other.index)
        counters = .allocate(capacity: 1)
        counters.initialize(to: other.counters.pointee)
        // An open journal moves with the pool (a copy made mid-step replaces the old one).
        journalSlot = .allocate(capacity: 1)
        journalSlot.initialize(to: other.journalSlot.pointee)
        other.journalSlot.pointee = nil
    }

    deinit {
        blocks.deallocate()
        tokens.deallocate()
        counters.deallocate()
        touchedFlags.deallocate()
        touchedLog.deallocate()
        journalSlot.pointee?.release()
        journalSlot.deallocate()
    }

    /// Lets an open journal keep `block`'s state before its first write of the step.
    @inline(__always)
    func willWrite(_ block: Int32) {
        if let journal = journalSlot.pointee { journal.takeUnretainedValue().keep(block, of: self) }
    }

    /// Lets an open journal keep where `hash` points in the index before it changes.
    @inline(__always)
    func willChangeIndex(_ hash: UInt64) {
        if let journal = journalSlot.pointee { journal.takeUnretainedValue().keepIndexEntry(hash, of: self) }
    }

    /// Lists `block` as changed since the last drain (once), when the pool tracks changes.
    @inline(__always)
    func noteTouched(_ block: Int32) {
        guard tracksTouched, !touchedFlags[Int(block)] else { return }
        touchedFlags[Int(block)] = true
        touchedLog[counters.pointee.numTouched] = block
        counters.pointee.numTouched += 1
    }

    var numTouched: Int { counters.pointee.numTouched }

    /// The blocks changed since the last drain, in the order first changed; empties the list.
    func drainTouched() -> [Int32] {
        let count = counters.pointee.numTouched
        let result = Array(UnsafeBufferPointer(start: touchedLog, count: count))
        for block in result { touchedFlags[Int(block)] = false }
        counters.pointee.numTouched = 0
        return result
    }

    var numFreeBlocks: Int { freeQueue.count }
    var numHashedBlocks: Int { counters.pointee.numHashedBlocks }
    var numCachedFreeBlocks: Int { counters.pointee.numCachedFreeBlocks }

    /// The bookkeeping of `block` (a range-checked read, for the public API).
    func block(_ block: Int) -> KVCacheBlock {
        precondition(block >= 0 && block < numBlocks, "block \(block) outside the pool of \(numBlocks)")
        return blocks[block]
    }

    /// The block that holds `hash` in the prefix cache, if any.
    @inline(__always)
    func cachedBlock(for hash: UInt64) -> Int32? { index.block(for: hash) }

    /// Takes the head of the free queue for new contents, evicting its cache entry if it still
    /// had one. Returns the block and whether it evicted a hash (then `evictedHash` is that
    /// hash). The caller checked that a block is free.
    @inline(__always)
    func takeFresh() -> (block: Int32, evicted: Bool, evictedHash: UInt64) {
        if journalSlot.pointee != nil, let head = freeQueue.first { willWrite(head) }
        let block = freeQueue.popFirst()
        let record = blocks + Int(block)
        let evicted = record.pointee.hasHash
        let hash = record.pointee.hash
        if evicted {
            willChangeIndex(hash)
            index.remove(hash, ifMappedTo: block)
            counters.pointee.numHashedBlocks -= 1
            counters.pointee.numCachedFreeBlocks -= 1
        }
        record.pointee = KVCacheBlock(refCount: 1, generation: record.pointee.generation &+ 1)
        noteTouched(block)
        return (block, evicted, hash)
    }

    /// A prefix-cache hit: one more sequence holds `block`; a free block leaves the queue.
    /// `parent` is the hitting sequence's previous block, the block's lineage from now on.
    @inline(__always)
    func touch(_ block: Int32, parent: Int32) {
        assert(block >= 0 && Int(block) < numBlocks)
        willWrite(block)
        if blocks[Int(block)].refCount == 0 {
            freeQueue.remove(block)
            if blocks[Int(block)].hasHash { counters.pointee.numCachedFreeBlocks -= 1 }
        }
        blocks[Int(block)].refCount += 1
        setParent(of: block, to: parent)
        noteTouched(block)
    }

    /// One more sequence holds `block` (a fork), which is in use already.
    @inline(__always)
    func share(_ block: Int32) {
        assert(block >= 0 && Int(block) < numBlocks)
        willWrite(block)
        blocks[Int(block)].refCount += 1
        noteTouched(block)
    }

    /// One sequence lets go of `block`; at zero it joins the free queue's tail, keeping its hash
    /// and tokens. Returns the ref count after.
    @inline(__always)
    func release(_ block: Int32, parent: Int32) -> Int32 {
        assert(block >= 0 && Int(block) < numBlocks)
        willWrite(block)
        let record = blocks + Int(block)
        let after = record.pointee.refCount - 1
        record.pointee.refCount = after
        if after == 0 {
            freeQueue.append(block)
            if record.pointee.hasHash {
                counters.pointee.numCachedFreeBlocks += 1
                setParent(of: block, to: parent)
            }
        }
        noteTouched(block)
        return after
    }

    /// Makes a full, computed block findable under `hash`, replacing any older block that held
    /// the same hash in the index (the older one keeps its hash until it is evicted).
    @inline(__always)
    func publish(_ block: Int32, hash: UInt64, parent: Int32) {
        assert(block >= 0 && Int(block) < numBlocks)
        willWrite(block)
        willChangeIndex(hash)
        blocks[Int(block)].hash = hash
        blocks[Int(block)].hasHash = true
        setParent(of: block, to: parent)
        index.set(hash, to: block)
        counters.pointee.numHashedBlocks += 1
        noteTouched(block)
    }

    @inline(__always)
    private func setParent(of block: Int32, to parent: Int32) {
        blocks[Int(block)].parent = parent
        blocks[Int(block)].parentGeneration = parent == KVCacheBlock.noParent ? 0 : blocks[Int(parent)].generation
    }

    /// Writes the token ids of `source` into `block` from slot `offset` on.
    @inline(__always)
    func write(_ source: UnsafeBufferPointer<TokenID>, into block: Int32, at offset: Int) {
        assert(block >= 0 && Int(block) < numBlocks && offset + source.count <= blockSize)
        willWrite(block)
        if let base = source.baseAddress {
            (tokens + Int(block) * blockSize + offset).update(from: base, count: source.count)
        }
        blocks[Int(block)].filled = Int32(offset + source.count)
        noteTouched(block)
    }

    /// Appends one token in the next free slot of `block`.
    @inline(__always)
    func append(_ token: TokenID, to block: Int32) {
        assert(block >= 0 && Int(block) < numBlocks && Int(blocks[Int(block)].filled) < blockSize)
        willWrite(block)
        let record = blocks + Int(block)
        let filled = Int(record.pointee.filled)
        tokens[Int(block) * blockSize + filled] = token
        record.pointee.filled = Int32(filled + 1)
        noteTouched(block)
    }

    /// Copies the filled slots of `source` into the fresh block `target` (copy-on-write).
    func copySlots(from source: Int32, to target: Int32) -> Int {
        assert(source >= 0 && Int(source) < numBlocks && target >= 0 && Int(target) < numBlocks)
        willWrite(target)
        let count = Int(blocks[Int(source)].filled)
        (tokens + Int(target) * blockSize).update(from: tokens + Int(source) * blockSize, count: count)
        blocks[Int(target)].filled = Int32(count)
        noteTouched(target)
        return count
    }

    /// The filled token slots of `block`, read in place.
    @inline(__always)
    func withTokens<R>(of block: Int32, _ body: (UnsafeBufferPointer<TokenID>) -> R) -> R {
        assert(block >= 0 && Int(block) < numBlocks)
        return body(UnsafeBufferPointer(start: tokens + Int(block) * blockSize, count: Int(blocks[Int(block)].filled)))
    }

    /// Whether two blocks hold the same token ids.
    @inline(__always)
    func sameTokens(_ a: Int32, _ b: Int32) -> Bool {
        withTokens(of: a) { first in withTokens(of: b) { second in Self.equal(first, second) } }
    }

    /// Whether two runs of token ids are equal, compared as raw memory (a hit compares a whole
    /// block on every lookup).
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<TokenID>, _ b: UnsafeBufferPointer<TokenID>) -> Bool {
        guard a.count == b.count else { return false }
        guard let first = a.baseAddress, let second = b.baseAddress else { return true }
        return memcmp(first, second, a.count * MemoryLayout<TokenID>.stride) == 0
    }
}
