import KVBase
import KVCore

/// A run that cannot start. Each case keeps the values it is about (the field, the value, the
/// bound, the request); `description` words it as one line naming the problem and the fix.
public enum EngineError: KVVizError, Equatable, CustomStringConvertible {
    case invalidConfig(field: String, value: String, expected: String)
    case requestNeverFits(request: Int, tokens: Int, blocksNeeded: Int, numBlocks: Int, blockSize: Int)
    case invalidRequest(request: Int, RequestProblem)
    /// The contiguous baseline cannot serve the requests (one needs more than its capacity).
    case contiguousBaseline(ContiguousPolicy, ContiguousError)

    /// What is wrong with one request; `field` is the request's field it is about.
    public enum RequestProblem: Equatable, Sendable {
        case idTwice
        case idOutOfRange(maximum: Int)
        case maxTokensNotPositive(Int)
        case samplesNotPositive(Int)
        /// Forked samples (`sampling: paper`) above `max_num_seqs`.
        case forkedSamplesAboveMaxNumSeqs(samples: Int, maxNumSeqs: Int)
        case negativeArrival(Int)
        case emptyPrompt
        /// A prompt token id the toy decoder's vocabulary does not have.
        case tokenOutsideVocabulary(token: Int, vocabulary: Int)
        case beamWidthOutsideRange(width: Int, maxNumSeqs: Int)
        case beamsNeedDecoder
        case beamsWithSamples(samples: Int)
        case beamsWithContinuations
        /// Every beam of every beam search at full length does not fit the pool (`others`: the
        /// blocks earlier beam searches may need).
        case beamsAbovePool(width: Int, tokens: Int, blocks: Int, others: Int, numBlocks: Int)

        public var field: String {
            switch self {
            case .idTwice, .idOutOfRange: "id"
            case .maxTokensNotPositive: "max_tokens"
            case .samplesNotPositive, .forkedSamplesAboveMaxNumSeqs: "n"
            case .negativeArrival: "arrival"
            case .emptyPrompt, .tokenOutsideVocabulary: "prompt"
            case .beamWidthOutsideRange, .beamsNeedDecoder, .beamsWithSamples, .beamsWithContinuations, .beamsAbovePool:
                "beam_width"
            }
        }

        var text: String {
            switch self {
            case .idTwice: "is used twice; give every request its own id"
            case let .idOutOfRange(maximum): "must be between 0 and \(maximum)"
            case let .maxTokensNotPositive(value): "is \(value); expected a positive integer"
            case let .samplesNotPositive(value): "is \(value); expected 1 or more samples"
            case let .forkedSamplesAboveMaxNumSeqs(samples, most):
                "is \(samples) forked samples, above max_num_seqs \(most); raise max_num_seqs or use sampling: v1"
            case let .negativeArrival(step): "is \(step); expected a step >= 0"
            case .emptyPrompt: "is empty; give it at least one token"
            case let .tokenOutsideVocabulary(token, vocabulary):
                "has token \(token), outside the decoder's vocabulary of \(vocabulary); give text instead"
            case let .beamWidthOutsideRange(width, limit):
                "is \(width); expected 1...\(limit) beams (each beam is a sequence under max_num_seqs \(limit))"
            case .beamsNeedDecoder: "needs the toy decoder's logits; run with the decoder or remove beam_width"
            case let .beamsWithSamples(samples): "cannot be combined with n = \(samples); use one of them"
            case .beamsWithContinuations: "chooses tokens by score; remove the request's continuations"
            case let .beamsAbovePool(width, tokens, blocks, others, numBlocks):
                "is \(width) beams of up to \(tokens) tokens, which may need \(blocks) blocks"
                    + (others > 0 ? " besides \(others) for earlier beam searches" : "")
                    + "; the pool has \(numBlocks): grow the pool, or use fewer beams or tokens"
            }
        }
    }

    public var description: String {
        switch self {
        case let .invalidConfig(field, value, expected):
            return "\(field) is \(value); expected \(expected)"
        case let .requestNeverFits(request, tokens, needed, numBlocks, blockSize):
            return "request \(request) can never fit: \(tokens) tokens need \(needed) blocks of "
                + "\(blockSize) slots but the pool has \(numBlocks); use more blocks or a shorter request"
        case let .invalidRequest(request, problem):
            return "request \(request): \(problem.field) \(problem.text)"
        case let .contiguousBaseline(policy, error):
            return "contiguous baseline is \(policy.rawValue); expected requests that fit: \(error)"
        }
    }
}
