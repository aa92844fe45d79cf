#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Beam search scored by cumulative log-probability, the decoding the PagedAttention paper uses
/// to show block sharing in a tree (Fig. 9): every step, each of the `width` live beams proposes
/// its continuations, the `width` best (beam, token) pairs by total log-probability survive, a
/// beam chosen more than once forks, and a beam chosen by none dies (its blocks are freed).
///
/// The search itself is a pure function of a next-token logits function, so the same code runs
/// over the paged model and over full recomputation, and can be checked against an exhaustive
/// search on a tiny case.
public enum BeamSearch {
    /// One live hypothesis: the tokens after the prompt and their summed log-probability.
    public struct Beam: Sendable, Equatable {
        public var tokens: [TokenID]
        public var score: Double
        public init(tokens: [TokenID], score: Double) {
            self.tokens = tokens
            self.score = score
        }
    }

    /// A surviving candidate: extend beam `parent` with `token`, reaching `score`.
    public struct Choice: Sendable, Equatable {
        public let parent: Int
        public let token: TokenID
        public let score: Double
    }

    /// Natural-log softmax of `logits`, computed in Double.
    static func logProbabilities(_ logits: [Float]) -> [Double] {
        guard let top = logits.max() else { return [] }
        var sum = 0.0
        for logit in logits { sum += exp(Double(logit - top)) }
        let shift = Double(top) + log(sum)
        return logits.map { Double($0) - shift }
    }

    /// The `width` best extensions of `beams`, given each beam's next-token logits, best first.
    /// Ties go to the lower beam index, then the lower token id, so the choice is reproducible.
    /// Tokens in `excluding` are never proposed (the special tokens).
    public static func choose(_ beams: [Beam], logits: [[Float]], width: Int,
                              excluding: Set<TokenID> = []) -> [Choice] {
        precondition(beams.count == logits.count, "one logits row per beam")
        precondition(width > 0, "a beam search keeps at least one beam")
        var candidates: [Choice] = []
        for (index, beam) in beams.enumerated() {
            let logProbabilities = logProbabilities(logits[index])
            // Only a beam's own `width` best tokens can be among the overall `width` best.
            let best = logProbabilities.indices
                .filter { !excluding.contains(TokenID($0)) }
                .sorted { logProbabilities[$0] != logProbabilities[$1] ? logProbabilities[$0] > logProbabilities[$1] : $0 < $1 }
                .prefix(width)
            for token in best {
                candidates.append(Choice(parent: index, token: TokenID(token), score: beam.score + logProbabilities[token]))
            }
        }
        candidates.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.parent != b.parent { return a.parent < b.parent }
            return a.token < b.token
        }
        return Array(candidates.prefix(width))
    }

    /// Applies `choices` to `beams`: the next generation, in choice order.
    public static func advance(_ beams: [Beam], with choices: [Choice]) -> [Beam] {
        choices.map { Beam(tokens: beams[$0.parent].tokens + [$0.token], score: $0.score) }
    }

    /// Runs `length` steps of width-`width` beam search after `prompt`, asking `logits` for the
    /// next-token logits of prompt + a beam's tokens. Returns the final beams, best first.
    public static func run(prompt: [TokenID], length: Int, width: Int, excluding: Set<TokenID> = [],
                           logits: ([TokenID]) -> [Float]) -> [Beam] {
        var beams = [Beam(tokens: [], score: 0)]
        for _ in 0..<length {
            let rows = beams.map { logits(prompt + $0.tokens) }
            beams = advance(beams, with: choose(beams, logits: rows, width: width, excluding: excluding))
        }
        return beams
    }

    /// The highest-scoring continuation of `length` tokens over every sequence of the
    /// vocabulary (`vocabularySize ^ length` of them): the reference a tiny beam search must
    /// match. Ties go to the lexicographically smaller sequence.
    public static func exhaustive(prompt: [TokenID], length: Int, vocabularySize: Int, excluding: Set<TokenID> = [],
                                  logits: ([TokenID]) -> [Float]) -> Beam {
        var best: Beam?
        func visit(_ tokens: [TokenID], _ score: Double) {
            if tokens.count == length {
                if best == nil || score > best!.score { best = Beam(tokens: tokens, score: score) }
                return
            }
            let logProbabilities = logProbabilities(logits(prompt + tokens))
            for token in 0..<vocabularySize where !excluding.contains(TokenID(token)) {
                visit(tokens + [TokenID(token)], score + logProbabilities[token])
            }
        }
        visit([], 0)
        return best ?? Beam(tokens: [], score: 0)
    }
}
