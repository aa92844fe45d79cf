import KVBase
import Foundation
import Testing
@testable import KVCore

@Suite struct PortableMathTests {
    @Test func portableExpAgreesWithLibmToTheLastFewBits() {
        for x in stride(from: -20.0, through: 20.0, by: 0.37) {
            let relative = abs(PortableMath.exp(x) - Foundation.exp(x)) / Foundation.exp(x)
            #expect(relative < 1e-14, "exp(\(x))")
        }
        #expect(PortableMath.exp(0) == 1)
    }

    @Test func normalDeviatesHaveMeanZeroAndUnitVariance() {
        var random = SplitMix64(seed: 3)
        let draws = (0..<20_000).map { _ in PortableMath.standardNormal(&random) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        #expect(abs(mean) < 0.05)
        #expect(abs(variance - 1) < 0.05)
    }
}
