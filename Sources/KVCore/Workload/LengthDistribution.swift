import KVBase

/// How many tokens a prompt or an output has: a fixed count, a uniform range, or a long-tailed
/// log-normal like real chat traffic (ShareGPT: most answers are short, a few are very long).
/// Draws are always clamped to the distribution's bounds.
public enum LengthDistribution: Sendable, Equatable {
    case fixed(Int)
    case uniform(min: Int, max: Int)
    /// exp(N(ln median, sigma)) rounded, clamped to [min, max]. Its unclamped mean is
    /// median x e^(sigma^2 / 2).
    case logNormal(median: Double, sigma: Double, min: Int, max: Int)

    /// The smallest length a draw can return.
    public var lowerBound: Int {
        switch self {
        case .fixed(let length): length
        case .uniform(let low, _): low
        case .logNormal(_, _, let low, _): low
        }
    }

    /// The largest length a draw can return.
    public var upperBound: Int {
        switch self {
        case .fixed(let length): length
        case .uniform(_, let high): high
        case .logNormal(_, _, _, let high): high
        }
    }

    /// One length, drawn deterministically from `random`.
    public func draw(_ random: inout SplitMix64) -> Int {
        switch self {
        case .fixed(let length):
            return length
        case .uniform(let low, let high):
            return random.nextInt(in: low...high)
        case .logNormal(let median, let sigma, let low, let high):
            let value = median * PortableMath.exp(sigma * PortableMath.standardNormal(&random))
            let rounded = value.rounded()
            if rounded < Double(low) { return low }
            if rounded > Double(high) { return high }
            return Int(rounded)
        }
    }

    /// Why these parameters cannot be drawn from, or nil when they are fine.
    func problem(field: String) -> WorkloadSpecError? {
        switch self {
        case .fixed(let length) where length < 0:
            return WorkloadSpecError(field: field, value: "\(length)", fix: "use a length of 0 or more")
        case .uniform(let low, let high) where low < 0 || high < low:
            return WorkloadSpecError(field: field, value: "\(low)...\(high)",
                                     fix: "use 0 <= min <= max")
        case .logNormal(let median, let sigma, let low, let high):
            if !(median > 0) || !median.isFinite {
                return WorkloadSpecError(field: field, value: "median \(median)",
                                         fix: "use a positive median")
            }
            if !(sigma >= 0) || sigma > 4 {
                return WorkloadSpecError(field: field, value: "sigma \(sigma)",
                                         fix: "use a sigma between 0 and 4")
            }
            if low < 0 || high < low {
                return WorkloadSpecError(field: field, value: "\(low)...\(high)",
                                         fix: "use 0 <= min <= max")
            }
            return nil
        default:
            return nil
        }
    }
}
