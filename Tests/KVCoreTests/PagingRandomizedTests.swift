import Testing
@testable import KVCore

/// Thousands of random operations per seed on a small pool, with prompts built from a few
/// shared chunks over a tiny vocabulary so that prefixes, duplicate blocks and hash collisions
/// are common. After every operation: the invariants hold, every sequence reads back its own
/// tokens, and every block in a sequence's table holds K/V computed from exactly that
/// sequence's tokens up to the block's end (tracked in a shadow "K/V context" per block, which
/// only writes change). At the end everything is freed and nothing leaks.
@Suite("Paging: randomised operations")
struct PagingRandomizedTests {
    static let seeds: [UInt64] = Array(0 ..< 6)

    @Test(arguments: CollidingHasher.allCases, seeds)
    func randomOperationsKeepEverySequenceConsistent(hasher: CollidingHasher, seed: UInt64) throws {
        var simulation = Simulation(seed: seed, hasher: hasher.hasher, prefixCaching: true)
        try simulation.run(operations: 1_500)
    }

    @Test(arguments: [UInt64(100), 101, 102])
    func randomOperationsWithoutPrefixCaching(seed: UInt64) throws {
        var simulation = Simulation(seed: seed, hasher: .default, prefixCaching: false)
        try simulation.run(operations: 1_500)
    }
}

private struct Simulation {
    let blockSize = 4
    let sequenceIDs = 0 ..< 10
    var random: SeededGenerator
    var manager: KVCacheManager
    var expectedTokens: [Int: [TokenID]] = [:]
    /// The tokens whose K/V each physical block holds: the writer's tokens from position 0 to
    /// the block's last filled slot.
    var context: [Int32: [TokenID]] = [:]
    let chunks: [[TokenID]]

    init(seed: UInt64, hasher: BlockHasher, prefixCaching: Bool) {
        random = SeededGenerator(seed: seed)
        manager = KVCacheManager(numBlocks: 24, blockSize: blockSize, enablePrefixCaching: prefixCaching,
                                 recordsEvents: true, hasher: hasher)
        var chunkRandom = SeededGenerator(seed: seed &* 31 &+ 7)
        chunks = (0 ..< 5).map { _ in (0 ..< 4).map { _ in TokenID.random(in: 0 ..< 3, using: &chunkRandom) } }
    }

    mutating func run(operations: Int) throws {
        for step in 0 ..< operations {
            let roll = Int.random(in: 0 ..< 100, using: &random)
            switch roll {
            case ..<25: allocateOne()
            case ..<60: appendOne()
            case ..<80: commitOne()
            case ..<88: forkOne()
            default: freeOne()
            }
            try manager.checkInvariants()
            guard checkSequences(step: step) else { return }
        }
        for seq in manager.sequenceIDs { manager.free(seq) }
        try manager.checkInvariants()
        #expect(manager.numFreeBlocks == manager.numBlocks)
        #expect(manager.numUsedBlocks == 0)
        #expect(manager.numCachedFreeBlocks == manager.numHashedBlocks)
        #expect(manager.freeQueue().count == manager.numBlocks)
    }

    private mutating func live() -> SequenceID? {
        manager.sequenceIDs.randomElement(using: &random)
    }

    private mutating func unused() -> SequenceID? {
        let manager = self.manager
        let free = sequenceIDs.map { SequenceID($0) }.filter { !manager.contains($0) }
        return free.randomElement(using: &random)
    }

    private mutating func allocateOne() {
        guard let seq = unused() else { return }
        var prompt: [TokenID] = []
        let chunkCount = Int.random(in: 0 ... 4, using: &random)
        for _ in 0 ..< chunkCount { prompt += chunks[Int.random(in: 0 ..< chunks.count, using: &random)] }
        let tailCount = Int.random(in: 0 ... 5, using: &random)
        for _ in 0 ..< tailCount { prompt.append(TokenID.random(in: 0 ..< 3, using: &random)) }
        let canAllocate = manager.canAllocate(tokens: prompt)
        let cachedBlocks = manager.cachedPrefixBlocks(for: prompt)
        let queueBefore = manager.freeQueue()
        _ = manager.drainEvents()
        guard let result = manager.allocate(seq, tokens: prompt) else {
            #expect(!canAllocate)
            #expect(manager.freeQueue() == queueBefore)
            #expect(manager.drainEvents().isEmpty)
            return
        }
        #expect(canAllocate)
        #expect(result.hitBlocks == cachedBlocks)
        #expect(result.hitBlocks <= max(0, prompt.count - 1) / blockSize)
        expectedTokens[seq.rawValue] = prompt
        for case .allocated(_, let block, let logical) in manager.drainEvents() {
            context[block.rawValue] = Array(prompt.prefix((logical + 1) * blockSize))
        }
    }

    private mutating func appendOne() {
        guard let seq = live() else { return }
        let token = TokenID.random(in: 0 ..< 3, using: &random)
        let canAppend = manager.canAppend(seq)
        guard let result = manager.appendToken(seq, token) else {
            #expect(!canAppend)
            return
        }
        #expect(canAppend)
        expectedTokens[seq.rawValue]!.append(token)
        context[Int32(result.slot / blockSize)] = expectedTokens[seq.rawValue]!
    }

    private mutating func commitOne() {
        guard let seq = live() else { return }
        let computed = Int.random(in: manager.numComputedTokens(of: seq) ... manager.numTokens(of: seq), using: &random)
        manager.commit(seq, computedTokens: computed)
        #expect(manager.numComputedTokens(of: seq) == computed)
    }

    private mutating func forkOne() {
        guard let parent = live(), let child = unused() else { return }
        manager.fork(parent, into: child)
        expectedTokens[child.rawValue] = expectedTokens[parent.rawValue]
    }

    private mutating func freeOne() {
        guard let seq = live() else { return }
        manager.free(seq)
        expectedTokens[seq.rawValue] = nil
    }

    /// Every live sequence reads back its tokens and owns K/V of exactly its own prefix.
    private func checkSequences(step: Int) -> Bool {
        for seq in manager.sequenceIDs {
            let tokens = expectedTokens[seq.rawValue] ?? []
            guard manager.tokens(of: seq) == tokens else {
                Issue.record("step \(step): \(seq) reads back \(manager.tokens(of: seq)), expected \(tokens)")
                return false
            }
            for (logical, block) in manager.blockTable(of: seq).enumerated() {
                let prefix = Array(tokens.prefix((logical + 1) * blockSize))
                guard context[block.rawValue] == prefix else {
                    Issue.record("step \(step): \(seq) block \(logical) is \(block), whose K/V come from \(context[block.rawValue] ?? []), not \(prefix)")
                    return false
                }
            }
        }
        return true
    }
}
