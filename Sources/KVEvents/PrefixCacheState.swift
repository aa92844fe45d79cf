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
        /// Cached blocks and, for every hash, how many cached blocks name it as parent.
        var table = BlockTable()
        public internal(set) var roots = 0
        /// The sum of hash x copies, wrapping: equal caches have equal digests.
        public internal(set) var digest: UInt64 = 0
        public internal(set) var copies = 0
        public internal(set) var count = 0

        public var blocks: Blocks { Blocks(table: table) }
    }

    /// The cached blocks of a tier, by hash (a view of the tier's table; iteration order is
    /// unspecified, as a dictionary's).
    public struct Blocks: Sequence, Sendable {
        let table: BlockTable

        public subscript(hash: BlockHash) -> Block? {
            let (index, found) = table.find(hash)
            guard found else { return nil }
            let slot = table[index]
            guard slot.copies > 0 else { return nil }
            return Block(parent: slot.hasParent ? slot.parent : nil, tokens: table.cells.tokens(slot.cell), copies: slot.copies,
                         storedAt: table.cells.stamp(slot.cell))
        }

        public var keys: [BlockHash] { map(\.key) }

        public func makeIterator() -> AnyIterator<(key: BlockHash, value: Block)> {
            var index = 0
            let table = self.table
            return AnyIterator {
                while index < table.slots.count {
                    let slot = table.slots[index]
                    index += 1
                    if slot.used, slot.copies > 0 {
                        return (slot.key, Block(parent: slot.hasParent ? slot.parent : nil, tokens: table.cells.tokens(slot.cell),
                                                copies: slot.copies, storedAt: table.cells.stamp(slot.cell)))
                    }
                }
                return nil
            }
        }
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

    /// The tiers in the order they appeared, their keys beside them: a server has one to a few
    /// (GPU and CPU, a group or two), so a linear scan that compares the medium's small string
    /// finds an event's tier faster than hashing it into a dictionary.
    private var tierKeys: [CacheTier] = []
    private var tierList: [Tier] = []

    /// The tiers by key (built on demand: for screens and `--json`, not the apply path).
    public var tiers: [CacheTier: Tier] { Dictionary(uniqueKeysWithValues: zip(tierKeys, tierList)) }
    /// Totals since the start (or the last reset).
    public private(set) var totals = Changes()
    /// Blocks kvviz keeps at most; stores beyond it are refused and counted.
    public let capacity: Int
    public private(set) var refused = 0
    public private(set) var blockCount = 0

    public init(capacity: Int = 1 << 22) { self.capacity = capacity }

    public var treeCount: Int { tierList.reduce(0) { $0 + $1.roots } }
    public var sortedTiers: [CacheTier] { tierKeys.sorted() }

    /// The tier of `medium` and `group` (nil: GPU, 0), or nil when it holds no block.
    public func tier(_ key: CacheTier) -> Tier? {
        tierIndex(medium: key.medium, group: key.group).map { tierList[$0] }
    }

    public mutating func reset() {
        tierKeys = []
        tierList = []
        blockCount = 0
    }

    @inline(__always)
    private func tierIndex(medium: String?, group: Int?) -> Int? {
        let medium = medium ?? "GPU"
        let group = group ?? 0
        for index in tierKeys.indices where tierKeys[index].group == group && tierKeys[index].medium == medium { return index }
        return nil
    }

    private mutating func removeTier(at index: Int) {
        tierKeys.remove(at: index)
        tierList.remove(at: index)
    }

    @discardableResult
    public mutating func apply(_ batch: EventBatch, sequence: Int64) -> Changes {
        var changes = Changes()
        for index in batch.events.indices { apply(batch.events[index], sequence: sequence, changes: &changes) }
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
        let size = stored.blockSize
        stored.tokenIDs.withUnsafeBufferPointer { tokens in
            for (index, hash) in stored.blockHashes.enumerated() {
                if added >= room { break }
                // The block's tokens, as `BlockStored.tokens(ofBlock:)` cuts them, without a slice to retain.
                let (offset, overflow) = index.multipliedReportingOverflow(by: size)
                let start = size <= 0 || overflow ? tokens.count : min(offset, tokens.count)
                let block = UnsafeBufferPointer(rebasing: tokens[start..<(start + min(max(size, 0), tokens.count - start))])
                if tier.store(hash, parent: parent, tokens: block, sequence: sequence) { added += 1 }
                parent = hash
                accepted += 1
            }
        }
        return (added, accepted)
    }

    mutating func apply(_ event: KVEvent, sequence: Int64, changes: inout Changes) {
        switch event {
        case let .stored(stored):
            let slot: Int
            if let found = tierIndex(medium: stored.medium, group: stored.groupIndex) {
                slot = found
            } else {
                tierKeys.append(stored.tier)
                tierList.append(Tier())
                slot = tierList.count - 1
            }
            let room = capacity - blockCount
            let (added, accepted) = Self.store(stored, sequence: sequence, room: room, into: &tierList[slot])
            blockCount += added
            if added == 0, tierList[slot].count == 0 { removeTier(at: slot) }  // no empty tier left behind
            refused += stored.blockHashes.count - accepted
            changes.stored += accepted
        case let .removed(removed):
            guard let slot = tierIndex(medium: removed.medium, group: removed.groupIndex) else {
                changes.unknownRemovals += removed.blockHashes.count
                return
            }
            for hash in removed.blockHashes {
                switch tierList[slot].remove(hash) {  // in place: one tier lookup per event
                case nil: changes.unknownRemovals += 1
                case true?: blockCount -= 1; changes.removed += 1
                case false?: changes.removed += 1
                }
            }
            if tierList[slot].count == 0 { removeTier(at: slot) }
        case .allCleared:
            changes.cleared += blockCount
            reset()
        }
    }
}

extension PrefixCacheState.Tier {
    /// Adds one copy of `hash`; true when the hash was not cached before. One probe for the
    /// hash, one for its parent.
    mutating func store(_ hash: BlockHash, parent: BlockHash?, tokens: UnsafeBufferPointer<Int32>, sequence: Int64) -> Bool {
        copies += 1
        digest &+= hash
        table.reserve(2)
        let (index, found) = table.find(hash)
        if found, table[index].copies > 0 {
            table[index].copies += 1
            return false
        }
        if !found { table.claim(index, key: hash) }
        table[index].copies = 1
        table[index].parent = parent ?? 0
        table[index].hasParent = parent != nil
        table[index].cell = table.cells.put(tokens, sequence: sequence)
        count += 1
        roots -= Int(table[index].children)  // its cached children were roots until now
        if let parent, parent != hash {
            let (slot, cached) = table.find(parent)
            if !cached { table.claim(slot, key: parent) }
            table[slot].children += 1
            if table[slot].copies == 0 { roots += 1 }
        } else {
            roots += 1
        }
        return true
    }

    /// Removes one copy of `hash`: nil when it is not cached, true when the last copy went.
    mutating func remove(_ hash: BlockHash) -> Bool? {
        let (index, found) = table.find(hash)
        guard found, table[index].copies > 0 else { return nil }
        copies -= 1
        digest &-= hash
        if table[index].copies > 1 {
            table[index].copies -= 1
            return false
        }
        let parent = table[index].hasParent ? table[index].parent : nil
        table.cells.release(table[index].cell)
        table[index].cell = -1
        count -= 1
        roots += Int(table[index].children)  // its cached children become roots
        if table[index].children == 0 {
            table.delete(index)
        } else {
            table[index].copies = 0
            table[index].hasParent = false
        }
        if let parent, parent != hash {
            let (slot, known) = table.find(parent)
            if known {
                table[slot].children -= 1
                if table[slot].copies == 0 {
                    roots -= 1
                    if table[slot].children == 0 { table.delete(slot) }
                }
            } else {
                roots -= 1
            }
        } else {
            roots -= 1
        }
        return true
    }
}
