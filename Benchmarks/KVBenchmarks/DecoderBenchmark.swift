import ToyDecoder

/// Cached vs uncached decoding with the toy decoder (README, Performance).
///
/// For each N it decodes N tokens from a one-token prompt twice, once with the paged KV cache and
/// once recomputing the whole sequence every step, and sets the measured time ratio beside the
/// ratio of K/V projections, N(N+1)/2 over N = (N+1)/2. The time ratio trails the count ratio a
/// little at small N because the per-step costs a cache cannot save (the LM head, attention over
/// the past) weigh more there; attention itself grows with N on both paths.
public enum DecoderBenchmark {
    public static let defaultLengths = [256, 512, 1000]

    /// Runs every length in order; takes a few seconds in a release build, minutes in debug.
    public static func run(
        lengths: [Int] = defaultLengths, seed: UInt64 = ToyModelConfig.defaultSeed
    ) -> DecoderBenchmarkReport {
        let tokenizer = Tokenizer()
        let config = ToyModelConfig(vocabSize: tokenizer.vocabSize)
        let weights = ToyWeights(config: config, seed: seed)
        let prompt = tokenizer.encode("今")
        let sampler = Sampler(.greedy, excluding: tokenizer.specialTokenIDs)
        let rows = lengths.map { n in
            let cached = timedDecode(weights: weights, prompt: prompt, n: n, mode: .paged, sampler: sampler)
            let uncached = timedDecode(weights: weights, prompt: prompt, n: n, mode: .none, sampler: sampler)
            return DecoderBenchmarkRow(
                generatedTokens: n, cachedSeconds: cached.seconds, uncachedSeconds: uncached.seconds,
                kvComputedCached: cached.kvComputed, kvComputedUncached: uncached.kvComputed,
                identicalTokens: cached.tokens == uncached.tokens)
        }
        return DecoderBenchmarkReport(config: config, seed: seed, rows: rows)
    }

    private static func timedDecode(
        weights: ToyWeights, prompt: [TokenID], n: Int, mode: DecodeRun.CacheMode, sampler: Sampler
    ) -> (seconds: Double, kvComputed: Int, tokens: [TokenID]) {
        var steps: [DecodeStep] = []
        let duration = ContinuousClock().measure {
            // Within bounds by construction: prompt of 1 and n <= contextLength - 1.
            var run = try! DecodeRun(weights: weights, prompt: prompt, maxTokens: n, mode: mode, sampler: sampler)
            steps = run.run()
        }
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return (seconds, steps.last?.kvComputedTotal ?? 0, steps.map(\.token))
    }
}

/// One length of `DecoderBenchmark`.
public struct DecoderBenchmarkRow: Sendable, Hashable, Codable {
    /// N: tokens generated from the one-token prompt.
    public let generatedTokens: Int
    public let cachedSeconds: Double
    public let uncachedSeconds: Double
    /// K/V projections with the cache: N.
    public let kvComputedCached: Int
    /// K/V projections without it: N(N+1)/2.
    public let kvComputedUncached: Int
    /// Whether both runs produced the same tokens (they must).
    public let identicalTokens: Bool

    /// How many times longer the uncached run took.
    public var timeRatio: Double { uncachedSeconds / max(cachedSeconds, 1e-12) }
    /// How many times more K/V the uncached run projected: (N+1)/2.
    public var kvRatio: Double { Double(kvComputedUncached) / Double(max(kvComputedCached, 1)) }

    enum CodingKeys: String, CodingKey {
        case generatedTokens = "generated_tokens", cachedSeconds = "cached_seconds"
        case uncachedSeconds = "uncached_seconds", kvComputedCached = "kv_computed_cached"
        case kvComputedUncached = "kv_computed_uncached", identicalTokens = "identical_tokens"
        case timeRatio = "time_ratio", kvRatio = "kv_ratio"
    }

    public init(
        generatedTokens: Int, cachedSeconds: Double, uncachedSeconds: Double, kvComputedCached: Int,
        kvComputedUncached: Int, identicalTokens: Bool
    ) {
        self.generatedTokens = generatedTokens
        self.cachedSeconds = cachedSeconds
        self.uncachedSeconds = uncachedSeconds
        self.kvComputedCached = kvComputedCached
        self.kvComputedUncached = kvComputedUncached
        self.identicalTokens = identicalTokens
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            generatedTokens: try c.decode(Int.self, forKey: .generatedTokens),
            cachedSeconds: try c.decode(Double.self, forKey: .cachedSeconds),
            uncachedSeconds: try c.decode(Double.self, forKey: .uncachedSeconds),
            kvComputedCached: try c.decode(Int.self, forKey: .kvComputedCached),
            kvComputedUncached: try c.decode(Int.self, forKey: .kvComputedUncached),
            identicalTokens: try c.decode(Bool.self, forKey: .identicalTokens))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(generatedTokens, forKey: .generatedTokens)
        try c.encode(cachedSeconds, forKey: .cachedSeconds)
        try c.encode(uncachedSeconds, forKey: .uncachedSeconds)
        try c.encode(kvComputedCached, forKey: .kvComputedCached)
        try c.encode(kvComputedUncached, forKey: .kvComputedUncached)
        try c.encode(identicalTokens, forKey: .identicalTokens)
        try c.encode(timeRatio, forKey: .timeRatio)
        try c.encode(kvRatio, forKey: .kvRatio)
    }
}

/// Everything `kvviz bench --decoder` reports.
public struct DecoderBenchmarkReport: Sendable, Hashable {
    public let config: ToyModelConfig
    public let seed: UInt64
    public let rows: [DecoderBenchmarkRow]
}
