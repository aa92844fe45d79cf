/// The prefix cache of a vLLM server as its KV events describe it: per tier (medium and KV
/// cache group), the cached block hashes, each with its parent hash (the chain that makes prefix
/// trees) and token ids. vLLM may hold one hash in several physical blocks (each stored and
/// removed on its own), so a hash keeps a copy count and leaves the cache at zero.
///
/// Trees are counted incrementally: a root is a cached block whose parent is not cached in the
/// same tier; each tier keeps how many cached children every hash has, so a store or a removal
/// moves the root count in O(1).
public struct PrefixCacheState: Sendable {
    public struct Block: Sendable {
        public var parent: BlockHash?
        public var tokens: ArraySlice<Int32>
        public var copies: Int32
        /// The sequence number of the batch that stored it first.
        public var storedAt: Int64
    }

    public struct Tier: Sendable {
        public internal(set) var blocks: [BlockHash: Block] = [:]
        /// Cached blocks whose parent is this hash (cached or not).
        public internal(set) var children: [BlockHash: Int32] = [:]
        public internal(set) var roots = 0
        /// The sum of hash x copies, wrapping: equal caches have equal digests.
        public internal(set) var digest: UInt64 = 0
        public internal(set) var copies = 0

        public var count: Int { blocks.count }
    }

    /// What applying one batch did.
    public struct Changes: Equatable, Sendable {
        public var stored = 0
        public var removed = 0
        /// Removals of hashes kvviz never saw stored (it attached late, or missed a gap).
        public var unknownRemovals = 0
        public var cleared = 0
        public init() {}
    }

    public private(set) var tiers: [CacheTier: Tier] = [:]
    /// Totals since the start (or the last reset).
    public private(set) var totals = Changes()
    /// Blocks kvviz keeps at most; stores beyond it are refused and counted.
    public let capacity: Int
    public private(set) var refused = 0
    public private(set) var blockCount = 0

    public init(capacity: Int = 1 << 22) { self.capacity = capacity }

    public var treeCount: Int { tiers.values.reduce(0) { $0 + $1.roots } }
    public var sortedTiers: [CacheTier] { tiers.keys.sorted() }

    public mutating func reset() {
        tiers = [:]
        blockCount = 0
    }

    @discardableResult
    public mutating func apply(_ batch: EventBatch, sequence: Int64) -> Changes {
        var changes = Changes()
        for event in batch.events { apply(event, sequence: sequence, changes: &changes) }
        totals.stored += changes.stored
        totals.removed += changes.removed
        totals.unknownRemovals += changes.unknownRemovals
        totals.cleared += changes.cleared
        return changes
    }

    /// Stores the blocks of one event in `tier` (in place) while fewer than `room` new hashes
    /// have been added; answers the new hashes and the blocks taken.
    static func store(_ stored: BlockStored, sequence: Int64, room: Int, into tier: inout Tier) -> (added: Int, accepted: Int) {
        var parent = stored.parentBlockHash
        var added = 0
        var accepted = 0
        for (index, hash) in stored.blockHashes.enumerated() {
            if added >= room { break }
            if tier.store(hash, parent: parent, tokens: stored.tokens(ofBlock: index), sequence: sequence) { added += 1 }
            parent = hash
            accepted += 1
        }
        return (added, accepted)
    }

    mutating func apply(_ event: KVEvent, sequence: Int64, changes: inout Changes) {
        switch event {
        case let .stored(stored):
            let room = capacity - blockCount
            let (added, accepted) = Self.store(stored, sequence: sequence, room: room, into: &tiers[stored.tier, default: Tier()])
            blockCount += added
            if added == 0, tiers[stored.tier]?.count == 0 { tiers[stored.tier] = nil }  // no empty tier left behind
            refused += stored.blockHashes.count - accepted
            changes.stored += accepted
        case let .removed(removed):
            guard var tier = tiers.removeValue(forKey: removed.tier) else {
                changes.unknownRemovals += removed.blockHashes.count
                return
            }
            for hash in removed.blockHashes {
                switch tier.remove(hash) {
                case nil: changes.unknownRemovals += 1
                case true?: blockCount -= 1; changes.removed += 1
                case false?: changes.removed += 1
                }
            }
            if tier.count > 0 { tiers[removed.tier] = tier }
        case .allCleared:
            changes.cleared += blockCount
            reset()
        }
    }
}

extension PrefixCacheState.Tier {
    /// Adds one copy of `hash`; true when the hash was not cached before. (Dictionary indices
    /// and in-place `values` updates keep it to one lookup per map touched.)
    mutating func store(_ hash: BlockHash, parent: BlockHash?, tokens: ArraySlice<Int32>, sequence: Int64) -> Bool {
        copies += 1
        digest &+= hash
        if let index = blocks.index(forKey: hash) {
            blocks.values[index].copies += 1
            return false
        }
        blocks[hash] = PrefixCacheState.Block(parent: parent, tokens: tokens, copies: 1, storedAt: sequence)
        if let parent, parent != hash {
            children[parent, default: 0] += 1
            if blocks.index(forKey: parent) == nil { roots += 1 }
        } else {
            roots += 1
        }
        if let index = children.index(forKey: hash) { roots -= Int(children.values[index]) }  // its cached children were roots until now
        return true
    }

    /// Removes one copy of `hash`: nil when it is not cached, true when the last copy went.
    mutating func remove(_ hash: BlockHash) -> Bool? {
        guard let index = blocks.index(forKey: hash) else { return nil }
        copies -= 1
        digest &-= hash
        if blocks.values[index].copies > 1 {
            blocks.values[index].copies -= 1
            return false
        }
        let parent = blocks.remove(at: index).value.parent
        if let parent, parent != hash {
            if let slot = children.index(forKey: parent) {
                if children.values[slot] > 1 { children.values[slot] -= 1 } else { children.remove(at: slot) }
            }
            if blocks.index(forKey: parent) == nil { roots -= 1 }
        } else {
            roots -= 1
        }
        if let slot = children.index(forKey: hash) { roots += Int(children.values[slot]) }  // its cached children become roots
        return true
    }
}
