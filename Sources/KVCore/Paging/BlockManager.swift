/// What the scheduler and the engine ask of a paged KV-cache block manager. Two managers conform
/// and are shipped: `ReferenceBlockManager` (`Paging/Reference/`), the plain one to read first,
/// and `KVCacheManager`, the fast one the rest of `Paging/` builds. Every run can use either
/// (`EngineConfig.manager`, `--manager reference`); `ReferenceDifferentialTests` drives both
/// with the same random operations, and the walkthrough-equality test renders every walkthrough
/// on both, requiring equal results.
///
/// A conforming type must be a value: the engine copies its state for the keyframes it steps
/// back from, and a copy must not change when the original does.
///
/// Sequences are named by small dense `SequenceID`s (the scheduler hands them out and reuses
/// them), blocks by `BlockID`s `0 ..< numBlocks`.
public protocol BlockManager: Sendable {
    // MARK: The pool

    var numBlocks: Int { get }
    /// Token slots per block.
    var blockSize: Int { get }
    /// Free blocks, clean or cached: what allocations can take.
    var numFreeBlocks: Int { get }
    /// Blocks held by at least one sequence.
    var numUsedBlocks: Int { get }
    /// Free blocks that still hold a hash (prefix-cache entries waiting to be evicted).
    var numCachedFreeBlocks: Int { get }
    /// Whether allocations look up and placements or commits publish full blocks.
    var enablePrefixCaching: Bool { get }
    /// When full blocks enter the prefix cache; may change between operations.
    var publishing: PrefixPublishing { get set }
    /// Totals since creation.
    var stats: PagingStats { get }

    /// The state and contents of one block.
    func block(_ id: BlockID) -> BlockInfo
    /// A block's ref count (0: free).
    func refCount(of id: BlockID) -> Int
    /// A block's ref count, filled slots, hash and free-queue ticket (nil while in use): what a
    /// picture of the block needs.
    func state(of id: BlockID) -> (refCount: Int, filledSlots: Int, hash: BlockHash?, queueTicket: Int?)
    /// When a free block last joined the free queue's tail: the queue's order is its blocks'
    /// ticket order. Block `i` starts with ticket `i`; each later join takes the next number.
    func freeQueueTicket(of id: BlockID) -> Int?
    /// The free queue from head (taken, so evicted, first) to tail.
    func freeQueue() -> [BlockID]
    /// The free queue now, given `before`, the queue as it stood at the previous
    /// `drainTouchedBlocks()`, and `touched`, what the last call returned. A manager whose
    /// touched list is exact derives it from those two without walking its queue; the default
    /// walks it (`freeQueue()`).
    func freeQueue(updating before: [BlockID], touched: [BlockID]) -> [BlockID]
    /// Every slot of `block` (`blockSize` of them; slots past its filled count hold stale
    /// values, 0 where nothing was ever written), read in place.
    func withSlotTokens<R>(of block: BlockID, _ body: (UnsafeBufferPointer<TokenID>) -> R) -> R

    // MARK: Sequences

    /// Whether `seq` is allocated (and not yet freed).
    func contains(_ seq: SequenceID) -> Bool
    /// Live sequences.
    var numSequences: Int { get }
    /// Logical block index -> physical block of `seq`.
    func blockTable(of seq: SequenceID) -> [BlockID]
    /// `blockTable(of:)`, or `old` itself when the table holds the same blocks.
    func blockTable(of seq: SequenceID, reusing old: [BlockID]) -> [BlockID]
    /// Logical block `logical` of `seq`, nil past the end of its table.
    func block(of seq: SequenceID, logical: Int) -> BlockID?
    /// KV-cache groups of a hybrid model, each with its own table per sequence; empty (the
    /// default) for a manager with one table per sequence.
    var groups: [GroupAttention] { get }
    /// The group whose table `blockTable(of:)` answers with (default 0).
    var primaryGroup: Int { get }
    /// Group `group`'s table of `seq`, nil for a hole (a block returned behind a sliding
    /// window). The default, for a manager without groups: `blockTable(of:)` for group 0.
    func blockTable(of seq: SequenceID, group: Int) -> [BlockID?]
    /// Tokens placed for `seq`.
    func numTokens(of seq: SequenceID) -> Int
    /// Tokens of `seq` whose K/V are computed (committed or found in the cache).
    func numComputedTokens(of seq: SequenceID) -> Int
    /// The token ids of `seq`, read back from its blocks.
    func tokens(of seq: SequenceID) -> [TokenID]

    // MARK: Lookups

    /// Blocks a new sequence holding `count` tokens would take.
    func blocksNeeded(forTokens count: Int) -> Int
    /// Whether `allocate(_:tokens:)` would succeed now, prefix-cache hits included.
    func canAllocate(tokens: [TokenID]) -> Bool
    /// Leading blocks of `tokens` an allocation would take from the prefix cache now (never
    /// the block holding the last token).
    func cachedPrefixBlocks(for tokens: [TokenID]) -> Int
    /// Whether `appendToken` would succeed now.
    func canAppend(_ seq: SequenceID) -> Bool
    /// Fresh blocks that placing `count` more tokens after the end of `seq` would take.
    func blocksNeeded(toAppend count: Int, to seq: SequenceID) -> Int

    // MARK: Operations

    /// A new sequence holding all of `tokens`: its cached prefix reused, fresh blocks for the
    /// rest. All or nothing: nil, changing nothing, when the free blocks do not cover it.
    mutating func allocate(_ seq: SequenceID, tokens: [TokenID]) -> AllocationResult?
    /// A new sequence placing its cached prefix and `newTokens(cachedTokens)` more (clamped to
    /// 1 ... the rest): vLLM v1's first `allocate_slots` of a request. All or nothing.
    mutating func allocate(_ seq: SequenceID, tokens: [TokenID],
                           newTokens: (_ cachedTokens: Int) -> Int) -> AllocationResult?
    /// One more token after the end of `seq` (copy on write into a shared partially filled
    /// last block); nil, changing nothing, when it needs a block and none is free.
    mutating func appendToken(_ seq: SequenceID, _ token: TokenID) -> AppendResult?
    /// `tokens` placed after the end of `seq` (vLLM v1's `allocate_slots` for a running
    /// request), all or none: false, changing nothing, when the free blocks do not cover them.
    mutating func allocateSlots(_ seq: SequenceID, appending tokens: ArraySlice<TokenID>) -> Bool
    /// The K/V of the first `computedTokens` tokens of `seq` are computed.
    mutating func commit(_ seq: SequenceID, computedTokens: Int)
    /// `child` shares every block of `parent` (parallel sampling, beams).
    mutating func fork(_ parent: SequenceID, into child: SequenceID)
    /// Releases every block of `seq`, last block first.
    mutating func free(_ seq: SequenceID)

    // MARK: What changed

    /// Whether mutations record `PagingEvent`s for `drainEvents()`.
    var recordsEvents: Bool { get }
    /// Events since the last drain, oldest first (empty unless `recordsEvents`).
    mutating func drainEvents() -> [PagingEvent]
    /// The blocks whose ref count, hash, filled slots, tokens or free-queue ticket changed
    /// since the last call, each once (may be empty when the manager does not track them).
    mutating func drainTouchedBlocks() -> [BlockID]

    /// Every broken invariant, as readable lines; empty when the manager is consistent.
    func validate() -> [String]

    // MARK: Undo (see `BlockManager+Undo.swift`; the defaults keep nothing)

    /// Starts keeping what the following operations change, until `endUndoJournal()`; false
    /// when this manager cannot (then nothing is kept).
    mutating func beginUndoJournal() -> Bool
    /// What the operations since `beginUndoJournal()` changed; nil when nothing was kept.
    mutating func endUndoJournal() -> PoolJournal?
    /// This manager without its block storage, cheap to keep: with a journal, what `undo` needs.
    func detachedFromStorage() -> any BlockManager
    /// Undoes `journal` in place and takes every other field from `detached` (this manager as
    /// it was before the journalled operations, `detachedFromStorage()`).
    mutating func undo(_ journal: PoolJournal, restoring detached: any BlockManager)
}

extension BlockManager {
    public func freeQueue(updating before: [BlockID], touched: [BlockID]) -> [BlockID] { freeQueue() }

    public var groups: [GroupAttention] { [] }
    public var primaryGroup: Int { 0 }
    public func blockTable(of seq: SequenceID, group: Int) -> [BlockID?] {
        group == 0 ? blockTable(of: seq).map { $0 } : []
    }

    /// Throws when `validate()` finds a problem.
    public func checkInvariants() throws {
        let problems = validate()
        if !problems.isEmpty { throw PagingInvariantError(problems: problems) }
    }
}

/// Which block manager a run uses.
public enum BlockManagerKind: String, Sendable, Equatable, CaseIterable {
    /// `KVCacheManager`: flat arrays and raw memory, for large pools and long runs.
    case fast
    /// `ReferenceBlockManager`: the plain manager to read, same results.
    case reference
}
