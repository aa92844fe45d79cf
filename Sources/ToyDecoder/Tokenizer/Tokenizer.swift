/// A token id: an index into the tokenizer's vocabulary and a row of the model's embedding.
public typealias TokenID = Int32

/// Maps text to token ids, one token per Unicode scalar.
///
/// Real tokenizers (BPE) merge characters into sub-words; the toy keeps one scalar per token so a
/// learner can count tokens by eye and every CJK character round-trips exactly. The vocabulary is
/// fixed (special tokens, ASCII, punctuation, common CJK) plus whatever extra scalars a scenario
/// brings, appended in order of first appearance; its size fixes the model's `vocabSize`.
public struct Tokenizer: Sendable, Hashable {
    /// Stands for any scalar outside the vocabulary.
    public static let unknown: TokenID = 0
    /// Marks the start of a sequence (not added by `encode`; available to scenarios).
    static let beginOfSequence: TokenID = 1
    /// Marks the end of a sequence.
    static let endOfSequence: TokenID = 2

    /// Token text by id: the special tokens' names, then one scalar per id.
    public let vocabulary: [String]
    private let _ids: [Unicode.Scalar: TokenID]

    /// The base vocabulary plus every scalar of `extraText` that it lacks.
    public init(extraText: [String] = []) {
        var scalars = BaseVocabulary.scalars
        var known = Set(scalars)
        for text in extraText {
            for scalar in text.unicodeScalars where known.insert(scalar).inserted {
                scalars.append(scalar)
            }
        }
        let firstScalarID = BaseVocabulary.specialTokens.count
        vocabulary = BaseVocabulary.specialTokens + scalars.map { String($0) }
        var ids: [Unicode.Scalar: TokenID] = [:]
        for (index, scalar) in scalars.enumerated() {
            ids[scalar] = TokenID(firstScalarID + index)
        }
        _ids = ids
    }

    /// Number of token ids; the model's `vocabSize`.
    public var vocabSize: Int { vocabulary.count }

    /// The ids of the special tokens, which samplers usually keep out of generated text.
    public var specialTokenIDs: [TokenID] {
        (0..<BaseVocabulary.specialTokens.count).map { TokenID($0) }
    }

    /// Whether `scalar` has its own token.
    public func contains(_ scalar: Unicode.Scalar) -> Bool { _ids[scalar] != nil }

    /// One id per scalar of `text`; scalars outside the vocabulary become `unknown`.
    public func encode(_ text: String) -> [TokenID] {
        encodeReportingUnknown(text).tokens
    }

    /// Like `encode`, also listing the scalars that became `unknown` (each once, in order).
    public func encodeReportingUnknown(_ text: String) -> (tokens: [TokenID], unknown: [Unicode.Scalar]) {
        var tokens: [TokenID] = []
        var unknown: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if let id = _ids[scalar] {
                tokens.append(id)
            } else {
                tokens.append(Self.unknown)
                if !unknown.contains(scalar) { unknown.append(scalar) }
            }
        }
        return (tokens, unknown)
    }

    /// The text of `tokens`: `<unk>` becomes U+FFFD (the replacement character), other special
    /// tokens vanish, ids outside the vocabulary become U+FFFD too.
    public func decode(_ tokens: [TokenID]) -> String {
        var text = String.UnicodeScalarView()
        for id in tokens {
            guard id >= 0, Int(id) < vocabSize, id != Self.unknown else {
                text.append("\u{FFFD}")
                continue
            }
            if Int(id) < BaseVocabulary.specialTokens.count { continue }
            text.append(contentsOf: vocabulary[Int(id)].unicodeScalars)
        }
        return String(text)
    }

    /// How a token is shown on its own: its scalar, or the special token's name (`<unk>`), or
    /// `<id N?>` for an id outside the vocabulary.
    public func tokenString(_ id: TokenID) -> String {
        guard id >= 0, Int(id) < vocabSize else { return "<id \(id)?>" }
        return vocabulary[Int(id)]
    }
}
