import Testing
@testable import KVCore

/// The manager keeps its blocks in raw memory shared between copies until one of them writes
/// (the engine's keyframes for stepping back depend on copies staying independent). Every
/// mutating operation must give its value a private pool first.
@Suite("Paging: value semantics")
struct PagingValueSemanticsTests {
    /// Everything observable about a manager, for before/after comparisons.
    struct Observed: Equatable {
        let blocks: [BlockInfo]
        let freeQueue: [BlockID]
        let sequences: [SequenceID]
        let tables: [[BlockID]]
        let tokens: [[TokenID]]
        let computed: [Int]
        let stats: PagingStats
        let hashed: Int

        init(_ manager: KVCacheManager) {
            blocks = (0 ..< manager.numBlocks).map { manager.block(BlockID($0)) }
            freeQueue = manager.freeQueue()
            sequences = manager.sequenceIDs
            tables = sequences.map { manager.blockTable(of: $0) }
            tokens = sequences.map { manager.tokens(of: $0) }
            computed = sequences.map { manager.numComputedTokens(of: $0) }
            stats = manager.stats
            hashed = manager.numHashedBlocks
        }
    }

    /// A manager with two published sequences sharing a prefix, a fork, and cached free blocks.
    func busyManager() -> KVCacheManager {
        var manager = KVCacheManager.small(blocks: 12)
        manager.admitComputed(0, [1, 2, 3, 4, 5, 6, 7, 8, 9])
        manager.admitComputed(1, [1, 2, 3, 4, 5, 6, 7, 8, 20, 21])
        manager.admitComputed(2, [30, 31, 32, 33, 34])
        manager.free(2)
        manager.fork(0, into: 3)
        return manager
    }

    @Test(arguments: ["append", "appendCopyOnWrite", "commit", "allocate", "free", "fork"])
    func mutatingACopyLeavesTheOriginalUntouched(operation: String) throws {
        let original = busyManager()
        let before = Observed(original)
        var copy = original
        switch operation {
        case "append": _ = copy.appendToken(1, 99)
        case "appendCopyOnWrite": _ = copy.appendToken(3, 99)  // s3 shares s0's partial last block
        case "commit":
            _ = copy.appendToken(1, 22)
            _ = copy.appendToken(1, 23)
            copy.commit(1, computedTokens: 12)
        case "allocate": _ = copy.allocate(4, tokens: [1, 2, 3, 4, 5, 6, 7, 8, 40])
        case "free": copy.free(0)
        case "fork": copy.fork(1, into: 5)
        default: Issue.record("unknown operation \(operation)")
        }
        #expect(Observed(copy) != before, "the operation should change the copy")
        #expect(Observed(original) == before)
        try original.checkInvariants()
        try copy.checkInvariants()
    }

    @Test func mutatingTheOriginalLeavesAKeyframeUntouched() throws {
        var manager = busyManager()
        let keyframe = manager
        let before = Observed(keyframe)
        for token in 0 ..< 20 { _ = manager.appendToken(1, TokenID(100 + token)) }
        manager.commit(1, computedTokens: manager.numTokens(of: 1))
        manager.free(0)
        manager.free(3)
        #expect(Observed(keyframe) == before)
        try keyframe.checkInvariants()
        try manager.checkInvariants()
    }

    @Test func replayingFromAKeyframeReachesTheSameState() throws {
        // Two values that start equal and receive the same operations end equal, whether or not
        // they shared storage along the way.
        var a = busyManager()
        var b = a
        for step in 0 ..< 30 {
            for manager in [0, 1] {
                if manager == 0 { Self.apply(step, to: &a) } else { Self.apply(step, to: &b) }
            }
            if step == 10 { b = a }  // re-share midway
        }
        #expect(Observed(a) == Observed(b))
        try a.checkInvariants()
    }

    static func apply(_ step: Int, to manager: inout KVCacheManager) {
        switch step % 5 {
        case 0, 1: _ = manager.appendToken(1, TokenID(step))
        case 2: manager.commit(1, computedTokens: manager.numTokens(of: 1))
        case 3: _ = manager.appendToken(0, TokenID(step))
        default: manager.commit(0, computedTokens: manager.numTokens(of: 0) - 1)
        }
    }
}
