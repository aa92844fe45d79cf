import KVBase
import Testing
@testable import KVCore

/// Random admissions, decodes, chunked computing and frees on hybrid configurations, with every
/// invariant checked after every operation, and a check that the checker sees planted damage.
@Suite("Hybrid paging: randomized operations keep every invariant")
struct HybridRandomizedTests {
    static let configs: [HybridKVCacheConfig] = [
        .init(numBlocks: 24, blockSize: 16, groups: [.full, .slidingWindow(32)]),
        .init(numBlocks: 64, blockSize: 16, groups: [.full, .slidingWindow(64), .slidingWindow(64)]),
        .init(numBlocks: 12, blockSize: 4, groups: [.slidingWindow(5), .full]),
    ]

    @Test(arguments: 0 ..< configs.count)
    func randomOperationsKeepTheInvariants(configIndex: Int) throws {
        let config = Self.configs[configIndex]
        // Odd configs publish on placement (vLLM v1), even ones once computed.
        var manager = HybridKVCacheManager(config: config, publishing: configIndex % 2 == 1 ? .whenScheduled : .whenComputed)
        var random = SplitMix64(seed: UInt64(configIndex) &+ 7)
        // Prompts drawn from three shared stems so that hits happen.
        let stems: [[TokenID]] = (0 ..< 3).map { stem in (0 ..< 150).map { TokenID(stem * 1000 + $0) } }
        var nextToken: TokenID = 50_000
        var hits = 0, freedBehind = 0
        for step in 0 ..< 600 {
            let live = manager.sequenceIDs
            let choice = Int(random.next() % 10)
            if choice < 3 || live.isEmpty {
                let stem = stems[Int(random.next() % 3)]
                let shared = Int(random.next() % 150)
                let own = 1 + Int(random.next() % 20)
                let prompt = Array(stem.prefix(shared)) + (0 ..< own).map { _ in nextToken &+= 1; return nextToken }
                let seq = SequenceID(step)
                if let allocation = manager.allocate(seq, prompt: prompt) {
                    hits += allocation.hitTokens
                    #expect(allocation.hitTokens < prompt.count)
                    #expect(allocation.hitTokens <= shared - shared % config.blockSize || allocation.hitTokens == 0)
                }
            } else if choice < 5 {
                let seq = live[Int(random.next() % UInt64(live.count))]
                let target = manager.numComputedTokens(of: seq)
                    + Int(random.next() % UInt64(manager.numTokens(of: seq) - manager.numComputedTokens(of: seq) + 1))
                freedBehind += manager.markComputed(seq, upTo: target).count
            } else if choice < 9 {
                let seq = live[Int(random.next() % UInt64(live.count))]
                if manager.numComputedTokens(of: seq) == manager.numTokens(of: seq) {
                    nextToken &+= 1
                    if manager.appendToken(seq, nextToken) != nil {
                        freedBehind += manager.markComputed(seq, upTo: manager.numTokens(of: seq)).count
                    }
                }
            } else if random.next() % 3 == 0 {
                // A fork: later appends copy the shared partially filled last blocks.
                manager.fork(live[Int(random.next() % UInt64(live.count))], into: SequenceID(step))
            } else {
                manager.free(live[Int(random.next() % UInt64(live.count))])
            }
            try manager.checkInvariants()
            #expect(manager.numUsedBlocks + manager.numFreeBlocks == config.numBlocks)
        }
        #expect(hits > 0, "the stems should give prefix hits")
        #expect(freedBehind == manager.hybridStats.freedBehindWindow)
        #expect(freedBehind > 0, "sliding groups should return blocks")
        #expect(manager.hybridStats.copiesOnWrite > 0, "forks should lead to copies on write")
    }

    /// `validate()` reports a planted wrong ref count, a block in two groups, and a block kept
    /// behind the window: the checker can fail.
    @Test func theCheckerSeesPlantedDamage() {
        var manager = HybridKVCacheManager(config: .init(numBlocks: 20, blockSize: 16, groups: [.full, .slidingWindow(32)]))
        manager.checksInvariantsInDebugBuilds = false
        manager.allocate(0, prompt: (0 ..< 64).map { TokenID($0) })
        manager.markComputed(0, upTo: 64)
        #expect(manager.validate().isEmpty)

        var twice = manager
        twice.sequences[0]!.tables[1][3] = twice.sequences[0]!.tables[0][3]
        #expect(twice.validate().contains { $0.contains("is in groups 0 and 1") })

        var behind = manager
        behind.sequences[0]!.tables[1][0] = 20 - 1
        #expect(behind.validate().contains { $0.contains("keeps blocks before its window") || $0.contains("hole at") })

        var leaked = manager
        leaked.pool.release(0)
        #expect(leaked.validate().contains { $0.contains("ref count") })
    }
}
