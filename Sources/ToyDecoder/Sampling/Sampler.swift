#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KVBase

/// Picks the next token from a step's logits.
///
/// Greedy and seeded sampling are what a real engine does; a forced continuation lets a scenario
/// dictate the text (so a walkthrough can say "今天天气很好。") while the model still computes
/// every logit and every K/V for real.
public struct Sampler: Sendable, Hashable {
    public enum Strategy: Sendable, Hashable {
        /// The most likely token (lowest id on a tie).
        case greedy
        /// A draw from `softmax(logits / temperature)`, reproducible from the sampler's seed.
        case temperature(Float)
        /// These tokens in order, whatever the logits say; greedy once they run out.
        case forced([TokenID])
    }

    public let strategy: Strategy
    /// Tokens never emitted by greedy or random choice (usually the special tokens).
    let excludedTokens: Set<TokenID>
    private var _random: SplitMix64
    private var _forcedIndex = 0

    /// `seed` only matters for `.temperature`. A temperature of zero or less means greedy.
    public init(_ strategy: Strategy = .greedy, seed: UInt64 = 0, excluding excludedTokens: [TokenID] = []) {
        if case .temperature(let t) = strategy, !(t > 0) {
            self.strategy = .greedy
        } else {
            self.strategy = strategy
        }
        self.excludedTokens = Set(excludedTokens)
        _random = SplitMix64(seed: seed, stream: 0x5A4D_504C)
    }

    /// The next token for `logits` (one float per vocabulary id).
    public mutating func next(logits: [Float]) -> TokenID {
        switch strategy {
        case .greedy:
            return argmax(logits)
        case .temperature(let temperature):
            return draw(logits, temperature: temperature)
        case .forced(let tokens):
            guard _forcedIndex < tokens.count else { return argmax(logits) }
            defer { _forcedIndex += 1 }
            return tokens[_forcedIndex]
        }
    }

    private func argmax(_ logits: [Float]) -> TokenID {
        var best = -1
        for (id, logit) in logits.enumerated() where !excludedTokens.contains(TokenID(id)) {
            if best < 0 || logit > logits[best] { best = id }
        }
        return TokenID(max(best, 0))
    }

    private mutating func draw(_ logits: [Float], temperature: Float) -> TokenID {
        let allowed = logits.indices.filter { !excludedTokens.contains(TokenID($0)) }
        guard let first = allowed.first else { return 0 }
        let maximum = allowed.map { Double(logits[$0]) }.max()!
        let weights = allowed.map { exp((Double(logits[$0]) - maximum) / Double(temperature)) }
        let total = weights.reduce(0, +)
        var threshold = Double(_random.next() >> 11) * 0x1p-53 * total
        for (index, weight) in zip(allowed, weights) {
            threshold -= weight
            if threshold < 0 { return TokenID(index) }
        }
        return TokenID(allowed.last ?? first)
    }
}
