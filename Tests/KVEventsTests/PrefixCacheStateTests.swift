import KVBase
import Testing
@testable import KVEvents

/// The reference the state is checked against: the same cache as plain sets, trees by a walk.
struct ReferenceCache {
    var copies: [CacheTier: [BlockHash: Int]] = [:]
    var parents: [CacheTier: [BlockHash: BlockHash?]] = [:]

    mutating func apply(_ event: KVEvent) {
        switch event {
        case let .stored(stored):
            var parent = stored.parentBlockHash
            for hash in stored.blockHashes {
                if copies[stored.tier, default: [:]][hash] == nil { parents[stored.tier, default: [:]][hash] = parent }
                copies[stored.tier, default: [:]][hash, default: 0] += 1
                parent = hash
            }
        case let .removed(removed):
            for hash in removed.blockHashes {
                guard let count = copies[removed.tier]?[hash] else { continue }
                if count > 1 { copies[removed.tier]![hash] = count - 1 } else {
                    copies[removed.tier]![hash] = nil
                    parents[removed.tier]![hash] = nil
                }
            }
        case .allCleared:
            copies = [:]
            parents = [:]
        }
    }

    func roots(_ tier: CacheTier) -> Int {
        let present = copies[tier] ?? [:]
        return present.keys.filter { hash in
            guard let parent = parents[tier]?[hash] ?? nil, parent != hash else { return true }
            return present[parent] == nil
        }.count
    }
}

@Suite("Prefix-cache state from events")
struct PrefixCacheStateTests {
    static func stored(_ hashes: [BlockHash], parent: BlockHash?, medium: String? = nil, group: Int? = nil) -> KVEvent {
        .stored(BlockStored(blockHashes: hashes, parentBlockHash: parent, tokenIDs: hashes.flatMap { [Int32($0 % 1000), 0] }, blockSize: 2, medium: medium, groupIndex: group))
    }

    @Test func chainsBecomeTreesAndRemovalsSplitThem() {
        var state = PrefixCacheState()
        state.apply(EventBatch(timestamp: 0, events: [Self.stored([1, 2, 3], parent: nil), Self.stored([4], parent: 2), Self.stored([9], parent: nil, medium: "CPU")]), sequence: 0)
        #expect(state.blockCount == 5 && state.treeCount == 2)
        let gpu = CacheTier(medium: "GPU", group: 0)
        #expect(state.tiers[gpu]?.blocks[3]?.tokens == [3, 0])
        let changes = state.apply(EventBatch(timestamp: 0, events: [.removed(BlockRemoved(blockHashes: [2, 77]))]), sequence: 1)
        #expect(changes.removed == 1 && changes.unknownRemovals == 1)
        #expect(state.tiers[gpu]?.roots == 3)  // 1, and 3 and 4 lost their parent
        state.apply(EventBatch(timestamp: 0, events: [Self.stored([2], parent: 1)]), sequence: 2)
        #expect(state.tiers[gpu]?.roots == 1)
        state.apply(EventBatch(timestamp: 0, events: [.allCleared]), sequence: 3)
        #expect(state.blockCount == 0 && state.treeCount == 0 && state.tiers.isEmpty)
    }

    @Test func aHashHeldTwiceLeavesAfterItsSecondRemoval() {
        var state = PrefixCacheState()
        state.apply(EventBatch(timestamp: 0, events: [Self.stored([5], parent: nil), Self.stored([5], parent: nil)]), sequence: 0)
        #expect(state.blockCount == 1 && state.tiers.first?.value.copies == 2)
        state.apply(EventBatch(timestamp: 0, events: [.removed(BlockRemoved(blockHashes: [5]))]), sequence: 1)
        #expect(state.blockCount == 1)
        state.apply(EventBatch(timestamp: 0, events: [.removed(BlockRemoved(blockHashes: [5]))]), sequence: 2)
        #expect(state.blockCount == 0 && state.tiers.isEmpty)
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func randomEventsMatchTheReference(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var state = PrefixCacheState()
        var reference = ReferenceCache()
        let tiers = [CacheTier(medium: "GPU", group: 0), CacheTier(medium: "GPU", group: 1), CacheTier(medium: "CPU", group: 0)]
        for step in 0..<3_000 {
            let tier = tiers[Int(rng.next() % 3)]
            let event: KVEvent
            switch rng.next() % 20 {
            case 0: event = .allCleared
            case 1...9:
                let hashes = (0..<(1 + rng.next() % 4)).map { _ in rng.next() % 60 }
                event = Self.stored(hashes, parent: rng.next() % 3 == 0 ? nil : rng.next() % 60, medium: tier.medium, group: tier.group)
            default:
                event = .removed(BlockRemoved(blockHashes: (0..<(1 + rng.next() % 3)).map { _ in rng.next() % 60 }, medium: tier.medium, groupIndex: tier.group))
            }
            reference.apply(event)
            state.apply(EventBatch(timestamp: 0, events: [event]), sequence: Int64(step))
            for tier in tiers {
                let expected = reference.copies[tier] ?? [:]
                #expect(state.tiers[tier]?.count ?? 0 == expected.count, "step \(step) \(tier)")
                #expect(state.tiers[tier]?.roots ?? 0 == reference.roots(tier), "step \(step) \(tier) roots")
                #expect(state.tiers[tier]?.digest ?? 0 == expected.reduce(0) { $0 &+ $1.key &* UInt64($1.value) })
                let blocks = state.tiers[tier]?.blocks
                #expect(blocks.map { Array($0).count } ?? 0 == expected.count, "step \(step) \(tier) iterated blocks")
                for (hash, copies) in expected {
                    let block = blocks?[hash]
                    #expect(block?.copies == Int32(copies) && block?.parent == reference.parents[tier]?[hash] ?? nil, "step \(step) \(tier) block \(hash)")
                }
            }
        }
    }

    @Test func sequenceNumbersDeduplicateReportGapsAndRestarts() {
        var tracker = SequenceTracker()
        #expect(tracker.admit(5) == .apply(gap: nil))
        #expect(tracker.admit(6) == .apply(gap: nil))
        #expect(tracker.admit(6) == .duplicate)
        #expect(tracker.admit(3) == .duplicate)
        #expect(tracker.admit(10) == .apply(gap: 7...9))
        #expect(tracker.missing == 3 && tracker.duplicates == 2 && tracker.recentGaps == [7...9])
        #expect(tracker.admit(50_000) == .apply(gap: 11...49_999))
        #expect(tracker.admit(0) == .restart(previous: 50_000))
        #expect(tracker.admit(1) == .apply(gap: nil))
        #expect(tracker.restarts == 1)
    }

    @Test func storesBeyondTheCapacityAreRefusedAndCounted() {
        var state = PrefixCacheState(capacity: 3)
        state.apply(EventBatch(timestamp: 0, events: [Self.stored([1, 2, 3, 4, 5], parent: nil)]), sequence: 0)
        #expect(state.blockCount == 3 && state.refused == 2)
    }
}
