/// A vLLM-style paged KV-cache manager: a pool of fixed-size blocks, per-sequence block tables,
/// a prefix cache keyed by chained block hashes, copy-on-write sharing for parallel sampling.
///
/// To learn the algorithm, read `Paging/Reference/ReferenceBlockManager.swift` first: the same
/// manager in plain code (a block struct, a hash dictionary, a free queue, vLLM's names). This
/// folder is the fast version of it; both conform to `BlockManager`, and
/// `ReferenceDifferentialTests` runs both on the same random operations and requires every
/// result to be equal.
///
/// A value type: copying it (the engine keeps keyframes for stepping back) is O(1) until one
/// copy mutates, then its pool is copied once (the per-sequence records and block tables in
/// chunks: only the chunks written). Storage is flat arrays indexed by block and
/// sequence id, so the hot operations (append, commit) touch a few array slots and allocate
/// nothing. Semantics follow `Tests/Fixtures/traces/README.md`.
///
/// Costs: `appendToken`, `commit` (per newly full block), `contains`, `slot` are O(1);
/// `allocate` is O(tokens) (copying them in, hashing the cached prefix); `free` and `fork` are
/// O(blocks of the sequence). Nothing allocates per operation once a sequence id has been seen.
///
/// Every mutation checks the invariants in debug builds (O(blocks + table entries) each, so keep
/// debug-build pools small or switch `checksInvariantsInDebugBuilds` off); `validate()` runs the
/// same checks on demand in any build.
public struct KVCacheManager: BlockManager {
    /// Whether allocations look up and commits publish full blocks.
    public let enablePrefixCaching: Bool
    /// Whether mutations append `PagingEvent`s for `drainEvents()`.
    public let recordsEvents: Bool
    /// When full blocks enter the prefix cache: on placement (vLLM v1) or on commit (the
    /// traces, nano-vllm). May be changed between operations; blocks already published stay so.
    public var publishing: PrefixPublishing
    let hasher: BlockHasher

    var _pool: BlockPool
    // The sequence records live in `_pool.records`, indexed by SequenceID.rawValue.
    // The block tables live in `_pool.tables`, indexed the same way: logical -> physical.
    var _events: [PagingEvent] = []
    var _numLiveSequences = 0

    /// Whether debug builds run `validate()` after every mutation (release builds never do).
    public var checksInvariantsInDebugBuilds = true

    #if DEBUG
    /// A planted bug for the tests (debug builds only): appends stop publishing the blocks they
    /// fill under `.whenScheduled`. The differential test against the reference manager must
    /// fail with it on (`ReferenceMutationTests`), which shows that test can catch such a bug.
    /// Per manager value, not global, so that tests running alongside are not affected.
    var _mutationSkipsPublishOnFill = false
    #endif

    /// Whether an append publishes the blocks it fills: under `.whenScheduled`, unless a test
    /// planted the publish-on-fill bug.
    @inline(__always)
    var _publishesOnFill: Bool {
        #if DEBUG
        if _mutationSkipsPublishOnFill { return false }
        #endif
        return publishing == .whenScheduled
    }

    /// Totals since creation.
    public internal(set) var stats = PagingStats()

    /// A pool of `numBlocks` free blocks of `blockSize` token slots; the free queue starts as
    /// `0, 1, ..., numBlocks - 1`. No block is reserved (vLLM keeps block 0 as a null block for
    /// sliding windows; kvviz has none, and the traces start with every block free).
    public init(
        numBlocks: Int,
        blockSize: Int,
        enablePrefixCaching: Bool = true,
        recordsEvents: Bool = false,
        hasher: BlockHasher = .default,
        publishing: PrefixPublishing = .whenComputed,
        tracksTouchedBlocks: Bool = false
    ) {
        precondition(numBlocks >= 0 && numBlocks < Int(Int32.max), "numBlocks out of range: \(numBlocks)")
        precondition(blockSize > 0, "blockSize must be positive: \(blockSize)")
        self.enablePrefixCaching = enablePrefixCaching
        self.recordsEvents = recordsEvents
        self.hasher = hasher
        self.publishing = publishing
        _pool = BlockPool(numBlocks: numBlocks, blockSize: blockSize, tracksTouched: tracksTouchedBlocks)
    }

    // MARK: Pool

    public var numBlocks: Int { _pool.numBlocks }
    public var blockSize: Int { _pool.blockSize }
    /// Free blocks, clean or cached: what allocations can take.
    public var numFreeBlocks: Int { _pool.numFreeBlocks }
    public var numUsedBlocks: Int { _pool.numBlocks - _pool.numFreeBlocks }
    /// Free blocks that still hold a hash (prefix-cache entries waiting to be evicted).
    public var numCachedFreeBlocks: Int { _pool.numCachedFreeBlocks }
    /// Blocks holding a hash, used or free.
    var numHashedBlocks: Int { _pool.numHashedBlocks }

    /// The state and contents of one block.
    public func block(_ id: BlockID) -> BlockInfo {
        let record = _pool.block(id.index)
        return BlockInfo(
            id: id,
            refCount: Int(record.refCount),
            hash: record.hasHash ? BlockHash(record.hash) : nil,
            filledSlots: Int(record.filled),
            tokens: _pool.withTokens(of: id.rawValue) { Array($0) }
        )
    }

    /// The free queue from head (evicted first) to tail. O(free blocks).
    public func freeQueue() -> [BlockID] { _pool.freeQueue.blocks().map(BlockID.init) }

    /// `block(_:)` without the token copy: the three fields a per-frame picture of the whole pool
    /// needs, O(1) and allocation-free.
    public func refCount(of id: BlockID) -> Int { Int(_pool.blocks[id.index].refCount) }
    public func filledSlots(of id: BlockID) -> Int { Int(_pool.blocks[id.index].filled) }
    public func hash(of id: BlockID) -> BlockHash? {
        let record = _pool.blocks[id.index]
        return record.hasHash ? BlockHash(record.hash) : nil
    }

    /// A block's ref count, filled slots, hash and free-queue ticket in one read: what a picture
    /// of the block needs. O(1).
    public func state(of id: BlockID) -> (refCount: Int, filledSlots: Int, hash: BlockHash?, queueTicket: Int?) {
        let record = _pool.blocks[id.index]
        return (Int(record.refCount), Int(record.filled), record.hasHash ? BlockHash(record.hash) : nil,
                record.refCount == 0 ? _pool.freeQueue.ticket(of: Int32(id.index)) : nil)
    }

    /// When a free block last joined the free queue (nil while it is in use): the queue's order
    /// is its blocks' ticket order, so a block's place is the number of free blocks with a
    /// smaller ticket. O(1). (The differential test compares it with the reference manager's.)
    public func freeQueueTicket(of id: BlockID) -> Int? {
        _pool.blocks[id.index].refCount == 0 ? _pool.freeQueue.ticket(of: Int32(id.index)) : nil
    }

    /// Every slot of `block` (`blockSize` of them; slots past its filled count hold stale
    /// values), read in place.
    public func withSlotTokens<R>(of block: BlockID, _ body: (UnsafeBufferPointer<TokenID>) -> R) -> R {
        precondition(block.index >= 0 && block.index < _pool.numBlocks, "block \(block.index) outside the pool of \(_pool.numBlocks)")
        return body(UnsafeBufferPointer(start: _pool.tokens + block.index * _pool.blockSize, count: _pool.blockSize))
    }

    /// Whether the manager lists the blocks each operation changes (`drainTouchedBlocks()`).
    public var tracksTouchedBlocks: Bool { _pool.tracksTouched }

    /// The blocks whose ref count, hash, filled slots, tokens or free-queue place changed since
    /// the last call, each once (empty unless `tracksTouchedBlocks`): what a picture of the
    /// pool needs to redraw.
    public mutating func drainTouchedBlocks() -> [BlockID] {
        guard _pool.numTouched > 0 else { return [] }
        _makePoolUnique()
        return _pool.drainTouched().map(BlockID.init)
    }

    // MARK: Sequences

    /// Whether `seq` is allocated (and not yet freed).
    @inline(__always)
    public func contains(_ seq: SequenceID) -> Bool {
        seq.rawValue >= 0 && seq.rawValue < _pool.recordCapacity && _pool.records[seq.rawValue].isLive
    }

    /// Live sequences in id order. O(largest id).
    var sequenceIDs: [SequenceID] {
        (0 ..< _pool.recordCapacity).filter { _pool.records[$0].isLive }.map(SequenceID.init)
    }

    public var numSequences: Int { _numLiveSequences }

    /// Logical block index -> physical block of `seq`.
    public func blockTable(of seq: SequenceID) -> [BlockID] {
        _liveRecord(seq)
        return _pool.tables[seq.rawValue].map(BlockID.init)
    }

    /// `blockTable(of:)`, or `old` itself when the table holds the same blocks: no new array
    /// for a table a step left alone. O(blocks of the sequence).
    public func blockTable(of seq: SequenceID, reusing old: [BlockID]) -> [BlockID] {
        _liveRecord(seq)
        let table = _pool.tables[seq.rawValue]
        guard table.count == old.count else { return table.map(BlockID.init) }
        for (logical, block) in table.enumerated() where old[logical].rawValue != block { return table.map(BlockID.init) }
        return old
    }

    /// Logical block `logical` of `seq`, nil past the end of its table. O(1).
    public func block(of seq: SequenceID, logical: Int) -> BlockID? {
        _liveRecord(seq)
        let table = _pool.tables[seq.rawValue]
        return logical >= 0 && logical < table.count ? BlockID(table[logical]) : nil
    }

    @inline(__always)
    public func numTokens(of seq: SequenceID) -> Int { _numTokens(_liveRecord(seq)) }

    public func numComputedTokens(of seq: SequenceID) -> Int { _liveRecord(seq).numComputedTokens }

    /// The token ids of `seq`, read back from its blocks.
    public func tokens(of seq: SequenceID) -> [TokenID] {
        _liveRecord(seq)
        var result: [TokenID] = []
        result.reserveCapacity(numTokens(of: seq))
        for block in _pool.tables[seq.rawValue] {
            _pool.withTokens(of: block) { result.append(contentsOf: $0) }
        }
        return result
    }

    /// The physical slot of token `index` of `seq`: `blockTable[index / blockSize] * blockSize
    /// + index % blockSize`, the slot mapping the decoder writes K/V through.
    public func slot(of seq: SequenceID, token index: Int) -> Int {
        let record = _liveRecord(seq)
        let numTokens = _numTokens(record)
        precondition(index >= 0 && index < numTokens, "token \(index) outside \(seq) of \(numTokens) tokens")
        let blockSize = _pool.blockSize
        return Int(_pool.tables[seq.rawValue][index / blockSize]) * blockSize + index % blockSize
    }

    /// The slot mapping of tokens `range` of `seq`: where the decoder reads and writes their K/V.
    public func slots(of seq: SequenceID, tokens range: Range<Int>) -> [Int] {
        let record = _liveRecord(seq)
        let numTokens = _numTokens(record)
        precondition(range.lowerBound >= 0 && range.upperBound <= numTokens, "tokens \(range) outside \(seq) of \(numTokens) tokens")
        let blockSize = _pool.blockSize
        let table = _pool.tables[seq.rawValue]
        return range.map { Int(table[$0 / blockSize]) * blockSize + $0 % blockSize }
    }

    /// For each physical block (by index), the live sequences whose tables hold it, in id
    /// order: what the block grid colours a block by. O(blocks + table entries).
    func blockOwners() -> [[SequenceID]] {
        var owners = Array(repeating: [SequenceID](), count: _pool.numBlocks)
        for raw in 0 ..< _pool.recordCapacity where _pool.records[raw].isLive {
            for block in _pool.tables[raw] { owners[Int(block)].append(SequenceID(raw)) }
        }
        return owners
    }

    /// Events since the last drain, oldest first (empty unless `recordsEvents`).
    public mutating func drainEvents() -> [PagingEvent] {
        defer { _events.removeAll(keepingCapacity: true) }
        return _events
    }

    // MARK: Helpers for the mutation files

    /// Gives this value its own pool before the first write when another value shares it
    /// (copy-on-write: a keyframe copy costs nothing until one side mutates). Every mutating
    /// method calls it once, before touching `_pool`.
    @inline(__always)
    mutating func _makePoolUnique() {
        if !isKnownUniquelyReferenced(&_pool) { _pool = BlockPool(copying: _pool) }
    }

    /// `_makePoolUnique()` unless the caller knows the pool is unique already: it called
    /// `_makePoolUnique()` and has held this value exclusively (`inout`, never copied) since,
    /// as a trace replay does around its loop. Growing the records (`_ensureSlot`) replaces the
    /// pool with a new, again unique one, so the knowledge survives allocations. The saved
    /// check is a runtime call, a tenth of an append; debug builds still verify it.
    @inline(__always)
    mutating func _makePoolUnique(unlessKnown poolIsUnique: Bool) {
        if poolIsUnique {
            assert(isKnownUniquelyReferenced(&_pool), "the pool was said to be unique but is shared")
        } else {
            _makePoolUnique()
        }
    }

    @inline(__always)
    @discardableResult
    func _liveRecord(_ seq: SequenceID) -> SequenceRecord {
        precondition(contains(seq), "\(seq) is not allocated")
        return _pool.records[seq.rawValue]
    }

    /// The length of a live sequence: the full blocks before its last one plus the last block's
    /// fill (a partially filled last block is never shared without a copy on write, so its fill
    /// is this sequence's own).
    @inline(__always)
    func _numTokens(_ record: SequenceRecord) -> Int {
        record.lastBlock < 0 ? 0 : record.tokensBeforeLastBlock + Int(_pool.blocks[Int(record.lastBlock)].filled)
    }

    /// Grows the per-sequence storage so `seq` has a record and a table (doubling, so growing
    /// to n ids copies the pool O(log n) times; the records and tables already there are shared,
    /// not copied).
    mutating func _ensureSlot(for seq: SequenceID) {
        precondition(seq.rawValue >= 0, "sequence ids are non-negative: \(seq.rawValue)")
        if seq.rawValue >= _pool.recordCapacity {
            let capacity = max(16, seq.rawValue + 1, 2 * _pool.recordCapacity)
            _pool = BlockPool(copying: _pool, recordCapacity: capacity)
        }
    }

    @inline(__always)
    mutating func _record(_ event: @autoclosure () -> PagingEvent) {
        if recordsEvents { _events.append(event()) }
    }

    @inline(__always)
    mutating func _notePeak() {
        let used = _pool.numBlocks - _pool.numFreeBlocks
        if used > stats.peakUsedBlocks { stats.peakUsedBlocks = used }
    }

    /// Takes a fresh block for `seq`, counting and recording the eviction it causes.
    @inline(__always)
    mutating func _takeFresh(for seq: SequenceID) -> (block: Int32, evicted: Bool) {
        let (block, evicted, hash) = _pool.takeFresh()
        stats.freshBlocks += 1
        if evicted {
            stats.evictions += 1
            _record(.evicted(block: BlockID(block), hash: BlockHash(hash)))
        }
        return (block, evicted)
    }
}
