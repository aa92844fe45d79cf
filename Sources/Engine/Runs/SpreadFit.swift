import KVCore

/// Fits the one unknown of the ShareGPT workload, the log-normal spread of its lengths, to the
/// Max row of the PagedAttention paper's Fig. 2 alone, so that the Pow2 and Oracle rows stay
/// predictions: for each sigma of a grid, the Max baseline serves the workload (same means,
/// seed and pool) and the sigma whose four shares lie closest to the paper's (root mean square
/// over token states, reserved, internal and external) wins.
///
/// The fit serves at least ``fitRequests`` requests: on 1,000 the Max row moves with the draw
/// itself (the random stream alone moved the winner between 0.75 and 0.85), on 5,000 or
/// 10,000 it settles.
public enum SpreadFit {
    /// The smallest workload the fit serves, whatever the run it is for.
    public static let fitRequests = 10_000

    /// Fig. 2's Orca (Max) row: token states, reserved, internal, external (shares of 1).
    public static let paperMax = ContiguousShares(tokenStates: 0.204, reserved: 0.133, internalFragmentation: 0.573,
                                                  externalFragmentation: 0.089, free: 0)

    /// The sigmas tried: 0.50 to 1.10 by 0.05.
    public static let grid = stride(from: 0.50, through: 1.1001, by: 0.05).map { ($0 * 100).rounded() / 100 }

    public struct Result: Sendable {
        /// The sigma with the smallest error.
        public let sigma: Double
        /// Requests each candidate served (at least ``SpreadFit/fitRequests``).
        public let requests: Int
        /// Every sigma tried with its Max-row shares and RMS error in points.
        public let tried: [(sigma: Double, shares: ContiguousShares, error: Double)]
        public var error: Double { tried.first { $0.sigma == sigma }?.error ?? .infinity }
    }

    public static func fit(_ configuration: RunConfiguration, allocator: ContiguousAllocatorKind = .buddy,
                           grid: [Double] = grid) throws(RunError) -> Result {
        var tried: [(sigma: Double, shares: ContiguousShares, error: Double)] = []
        var sample = configuration
        sample.workload.numRequests = Swift.max(configuration.workload.numRequests, fitRequests)
        for sigma in grid {
            let candidate = withSpread(sigma, sample)
            let result = try Comparison.contiguous(.max, try WorkloadRun(candidate), allocator: allocator)
            tried.append((sigma, result.shares, error(result.shares)))
        }
        let best = tried.min { $0.error < $1.error } ?? (sigma: WorkloadSpec.sharegptSigma, shares: paperMax, error: 0)
        return Result(sigma: best.sigma, requests: sample.workload.numRequests, tried: tried)
    }

    /// `configuration` serving ShareGPT lengths of spread `sigma` (same requests, seed, length cap).
    public static func withSpread(_ sigma: Double, _ configuration: RunConfiguration) -> RunConfiguration {
        var candidate = configuration
        var spec = WorkloadSpec.sharegpt(sigma: sigma)
        spec.numRequests = configuration.workload.numRequests
        spec.seed = configuration.workload.seed
        spec.maxModelLen = configuration.workload.maxModelLen
        candidate.workload = spec
        return candidate
    }

    /// Root mean square distance to the paper's Max row, in percentage points.
    public static func error(_ shares: ContiguousShares) -> Double {
        let d = [shares.tokenStates - paperMax.tokenStates, shares.reserved - paperMax.reserved,
                 shares.internalFragmentation - paperMax.internalFragmentation,
                 shares.externalFragmentation - paperMax.externalFragmentation]
        return (d.map { $0 * $0 }.reduce(0, +) / 4).squareRoot() * 100
    }
}
