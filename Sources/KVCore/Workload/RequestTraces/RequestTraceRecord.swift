import KVBase

/// One request as a trace line gives it, before it becomes a `WorkloadRequest`: when it
/// arrived and how long its prompt and answer are, plus, for Mooncake, the ids of its prompt's
/// 512-token blocks.
struct RequestTraceRecord: Sendable, Equatable {
    /// 1-based line of the file.
    var line: Int
    /// Arrival time in microseconds (Azure: since 1970, UTC; Mooncake: the file's milliseconds
    /// x 1,000). Only differences from the first request matter.
    var timeMicros: Int64
    var inputLength: Int
    var outputLength: Int
    /// Mooncake's `hash_ids`: one id per `RequestTrace.traceBlockTokens` prompt tokens (empty
    /// for Azure, whose prompts share nothing).
    var hashIDs: [Int]
}

/// The checks every format shares, worded as `field X: why; fix`.
enum RequestTraceLimits {
    /// The most tokens a prompt or an answer may have: 2^26, the largest pool a run simulates.
    static let maxTokens = 1 << 26
    /// The largest hash id: ids are mixed into token ids as 63-bit integers.
    static let maxHashID = Int.max >> 1

    /// A prompt length: 1 token or more, at most `maxTokens`.
    static func checkPrompt(_ value: Int, field: String) throws(RequestTraceFieldError) {
        if value < 1 {
            throw RequestTraceFieldError(field, .promptBelowOne(value))
        }
        if value > maxTokens {
            throw RequestTraceFieldError(field, .tooManyTokens(shown: "\(value)", maximum: maxTokens, column: true))
        }
    }

    /// An output length: 0 or more (0 runs as 1: a request samples at least one token).
    static func checkOutput(_ value: Int, field: String) throws(RequestTraceFieldError) {
        if value < 0 {
            throw RequestTraceFieldError(field, .negativeOutput(value))
        }
        if value > maxTokens {
            throw RequestTraceFieldError(field, .tooManyTokens(shown: "\(value)", maximum: maxTokens, column: true))
        }
    }
}
