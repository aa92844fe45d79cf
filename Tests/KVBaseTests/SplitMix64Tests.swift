import Testing
import KVBase

@Suite struct SplitMix64Tests {
    /// The first outputs of the reference implementation (Vigna's splitmix64.c) from state 0.
    @Test func matchesTheReferenceOutputForSeedZero() {
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func sameSeedGivesPinnedDraws() {
        var random = SplitMix64(seed: 0)
        // The top 53 bits of 0xE220_A839_7B1D_CDAF over 2^53.
        #expect(random.nextUnit() == Double(0xE220_A839_7B1D_CDAF as UInt64 >> 11) / 9_007_199_254_740_992)
        // Lemire: the high word of 0x6E78_9E6A_A1B9_65F4 x 1000.
        #expect(random.nextInt(below: 1000) == Int((0x6E78_9E6A_A1B9_65F4 as UInt64).multipliedFullWidth(by: 1000).high))
    }

    @Test func streamsOfOneSeedDiffer() {
        var a = SplitMix64(seed: 42, stream: 1)
        var b = SplitMix64(seed: 42, stream: 2)
        var plain = SplitMix64(seed: 42)
        let first = (a.next(), b.next(), plain.next())
        #expect(first.0 != first.1 && first.0 != first.2 && first.1 != first.2)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var random = SplitMix64(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let value = random.nextInt(in: 3...9)
            #expect((3...9).contains(value))
            seen.insert(value)
            let unit = random.nextUnit()
            #expect(unit >= 0 && unit < 1)
        }
        #expect(seen.count == 7)
    }

    @Test func nextBoolFollowsItsProbability() {
        var random = SplitMix64(seed: 11)
        #expect((0..<100).allSatisfy { _ in !random.nextBool(probability: 0) })
        #expect((0..<100).allSatisfy { _ in random.nextBool(probability: 1) })
        let hits = (0..<10_000).filter { _ in random.nextBool(probability: 0.3) }.count
        #expect(abs(hits - 3000) < 200)
    }
}
