import KVBase

/// A problem with a request trace (an Azure CSV or a Mooncake JSONL), located: the file, the
/// line when one is at fault, the field, why, and what to do, as
/// `conv.csv:12: field ContextTokens: is -5; use a token count of 0 or more`. The problem keeps
/// what was found as values; `message` words it, here only.
public struct RequestTraceError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    /// 1-based line, or nil for the file as a whole (cannot be opened, is empty).
    public let line: Int?
    /// The column or key at fault, or nil when the line as a whole is.
    public let field: String?
    public let problem: Problem

    public enum Problem: Equatable, Sendable {
        // MARK: The file
        /// The file could not be opened (missing, a directory ...).
        case unreadable(InputFile.Failure)
        /// A read failed midway (`reason`: the system's words).
        case readFailed(reason: String)
        /// No line at all; `expecting` names the formats read.
        case empty(expecting: String)
        case headerOnly
        case unknownFormat
        case lineTooLong(maximum: Int)
        /// A line arriving `earlierMicros` before the one on `previousLine`.
        case outOfOrder(earlierMicros: Int64, previousLine: Int)

        // MARK: The options a trace is read with
        case timeScale(Double, maximum: Int)
        case stepMilliseconds(Double)
        case requestCount(Int)

        // MARK: A field of a line
        /// Mooncake: the line is not one JSON object (`column` and `reason` from the scanner).
        case notJSON(column: Int, reason: String, keys: [String])
        /// Mooncake: a key the line lacks.
        case missingKey(keys: [String])
        /// Azure: a column the header lacks.
        case missingColumn(required: [String])
        /// Azure: a line with another number of fields than the header.
        case fieldCount(Int, header: Int)
        /// Azure: a timestamp that is not `YYYY-MM-DD HH:MM:SS.fffffff` (`shown`: its first 40 bytes).
        case notTime(shown: String)
        /// A token count past `maximum` (`shown` as written); `column`: an Azure column, else a key.
        case tooManyTokens(shown: String, maximum: Int, column: Bool)
        case promptBelowOne(Int)
        case negativeOutput(Int)
        /// Azure: an empty token count.
        case emptyNumber
        /// Azure: text that is not a number / not a whole number (as written, quoted).
        case textNotNumber(String)
        case textNotWholeNumber(String)
        /// Mooncake: a fractional token count, or a value of another kind (`kind`: "a string" ...).
        case notWholeNumber(Double)
        case notNumber(kind: String)
        case timestampNotNumber(kind: String)
        case timestampOutOfRange(Double)
        /// Mooncake `hash_ids`.
        case hashIDsNotIntegers
        case hashIDsNotList(kind: String)
        case hashIDOutOfRange(Int, maximum: Int)
        case hashIDCount(Int, promptTokens: Int, blockTokens: Int, blocks: Int)
    }

    public init(path: String, line: Int?, field: String? = nil, _ problem: Problem) {
        self.path = path
        self.line = line
        self.field = field
        self.problem = problem
    }

    /// Why, then the fix after a semicolon.
    public var message: String {
        switch problem {
        case let .unreadable(failure): failure.reason
        case let .readFailed(reason): "cannot be read (\(reason)); check the file"
        case let .empty(expecting): "is empty; give " + expecting
        case .headerOnly: "has a header but no requests; add request lines"
        case .unknownFormat: "is neither a Mooncake JSON line nor an Azure CSV header; pass --workload-format azure or mooncake"
        case let .lineTooLong(maximum):
            "line is longer than \(maximum) bytes; a trace line holds one request: check that this is an Azure CSV or a Mooncake JSONL"
        case let .outOfOrder(micros, previousLine):
            "arrives \(Self.milliseconds(micros)) ms before the request on line \(previousLine); sort the file by arrival time"
        case let .timeScale(value, maximum):
            "is \(value); use a factor above 0 and at most \(maximum) (2: arrivals twice as fast)"
        case let .stepMilliseconds(value): "is \(value); use a step length above 0 ms and at most an hour"
        case let .requestCount(count): "is \(count); use at least 1 request"
        case let .notJSON(column, reason, keys):
            "not valid JSON at column \(column) (\(reason)); give one JSON object a line with " + keys.joined(separator: ", ")
        case let .missingKey(keys): "is missing; each line needs " + keys.joined(separator: ", ")
        case let .missingColumn(required): "is missing from the header; an Azure trace's header names " + required.joined(separator: ",")
        case let .fieldCount(count, header):
            "the line has \(count) fields but the header names \(header); give one value per column"
        case let .notTime(shown): "\"\(shown)\" is not a time; use YYYY-MM-DD HH:MM:SS.fffffff as the Azure traces do"
        case let .tooManyTokens(shown, maximum, column):
            "is \(shown), above the \(maximum) tokens a request may hold; check the \(column ? "column" : "field"), or cut the request"
        case let .promptBelowOne(value): "is \(value); a prompt needs at least 1 token"
        case let .negativeOutput(value): "is \(value); use a token count of 0 or more"
        case .emptyNumber: "is empty; give a whole number of tokens"
        case let .textNotNumber(text): "\"\(text)\" is not a number; give a whole number of tokens"
        case let .textNotWholeNumber(text): "\"\(text)\" is not a whole number; give a whole number of tokens"
        case let .notWholeNumber(number): "is \(number), not a whole number; give a whole number of tokens"
        case let .notNumber(kind): "is \(kind), not a number; give a whole number of tokens"
        case let .timestampNotNumber(kind): "is \(kind), not a number; give the arrival in milliseconds"
        case let .timestampOutOfRange(number): "is \(number); give the arrival in milliseconds, 0 or more"
        case .hashIDsNotIntegers: "holds something other than whole numbers; give a list of integer block ids"
        case let .hashIDsNotList(kind): "is \(kind), not a list; give a list of integer block ids"
        case let .hashIDOutOfRange(id, maximum): "holds \(id); block ids are 0 to \(maximum)"
        case let .hashIDCount(count, tokens, blockTokens, blocks):
            "has \(count) ids for \(tokens) prompt tokens; give one id per \(blockTokens)-token block (\(blocks))"
        }
    }

    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return field.map { "\(place): field \($0): \(message)" } ?? "\(place): \(message)"
    }

    /// Microseconds as milliseconds: 1500 -> "1.500", 2000 -> "2".
    static func milliseconds(_ micros: Int64) -> String {
        let whole = micros / 1_000
        let rest = micros % 1_000
        return rest == 0 ? "\(whole)" : "\(whole).\(String(rest + 1_000).dropFirst())"
    }
}

/// A field's problem before the reader adds the file and line (`field` nil: the line as a whole).
struct RequestTraceFieldError: KVVizError {
    let field: String?
    let problem: RequestTraceError.Problem

    init(_ field: String?, _ problem: RequestTraceError.Problem) {
        self.field = field
        self.problem = problem
    }

    var description: String {
        let message = RequestTraceError(path: "", line: nil, problem).message
        return field.map { "\($0): \(message)" } ?? message
    }
}
