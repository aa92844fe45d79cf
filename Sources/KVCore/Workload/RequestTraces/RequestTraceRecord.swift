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
            throw RequestTraceFieldError(field, "is \(value); a prompt needs at least 1 token")
        }
        if value > maxTokens {
            throw RequestTraceFieldError(field, "is \(value), above the \(maxTokens) tokens a request may hold; "
                + "check the column, or cut the request")
        }
    }

    /// An output length: 0 or more (0 runs as 1: a request samples at least one token).
    static func checkOutput(_ value: Int, field: String) throws(RequestTraceFieldError) {
        if value < 0 {
            throw RequestTraceFieldError(field, "is \(value); use a token count of 0 or more")
        }
        if value > maxTokens {
            throw RequestTraceFieldError(field, "is \(value), above the \(maxTokens) tokens a request may hold; "
                + "check the column, or cut the request")
        }
    }
}

/// A field's problem before the reader adds the file and line.
struct RequestTraceFieldError: KVVizError {
    let field: String
    let message: String

    init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    var description: String { "\(field): \(message)" }
}
