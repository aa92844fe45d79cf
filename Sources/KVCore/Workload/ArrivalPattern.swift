import KVBase

/// When requests reach the server, in engine steps.
public enum ArrivalPattern: Sendable, Equatable {
    /// Every first turn is there at step 0: the burst that fills memory fastest.
    case allAtStart
    /// A Poisson process: each step, the number of new requests is Poisson with this mean.
    case poisson(ratePerStep: Double)

    /// The arrival steps of `count` requests, non-decreasing.
    func arrivalSteps(count: Int, _ random: inout SplitMix64) -> [Int] {
        switch self {
        case .allAtStart:
            return Array(repeating: 0, count: count)
        case .poisson(let rate):
            // Knuth's method: multiply uniforms until the product drops below e^-rate.
            let limit = PortableMath.exp(-rate)
            var steps: [Int] = []
            steps.reserveCapacity(count)
            var step = 0
            while steps.count < count {
                var product = random.nextUnit()
                while product > limit && steps.count < count {
                    steps.append(step)
                    product *= random.nextUnit()
                }
                step += 1
            }
            return steps
        }
    }
}
