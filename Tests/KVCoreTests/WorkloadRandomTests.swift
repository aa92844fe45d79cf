import KVBase
import Foundation
import Testing
@testable import KVCore

@Suite struct WorkloadRandomTests {
    @Test func splitMix64MatchesTheReferenceOutputForSeedZero() {
        var mixer = SplitMix64(seed: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func xoshiroMatchesTheReferenceVectorFromStateOneTwoThreeFour() {
        var random = WorkloadRandom(rawState: (1, 2, 3, 4))
        #expect(random.next() == 11520)
        #expect(random.next() == 0)
        #expect(random.next() == 1_509_978_240)
        #expect(random.next() == 1_215_971_899_390_074_240)
    }

    @Test func sameSeedGivesPinnedValues() {
        var random = WorkloadRandom(seed: 0)
        #expect(random.next() == 11_091_344_671_253_066_420)
        #expect(random.next() == 13_793_997_310_169_335_082)
        #expect(random.nextInt(below: 1000) == 103)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var random = WorkloadRandom(seed: 7)
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

    @Test func portableExpAgreesWithLibmToTheLastFewBits() {
        for x in stride(from: -20.0, through: 20.0, by: 0.37) {
            let relative = abs(PortableMath.exp(x) - Foundation.exp(x)) / Foundation.exp(x)
            #expect(relative < 1e-14, "exp(\(x))")
        }
        #expect(PortableMath.exp(0) == 1)
    }

    @Test func normalDeviatesHaveMeanZeroAndUnitVariance() {
        var random = WorkloadRandom(seed: 3)
        let draws = (0..<20_000).map { _ in PortableMath.standardNormal(&random) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        #expect(abs(mean) < 0.05)
        #expect(abs(variance - 1) < 0.05)
    }
}
