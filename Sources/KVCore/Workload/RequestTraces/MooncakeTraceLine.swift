/// The Mooncake trace format (kvcache-ai/Mooncake, FAST'25): one JSON object a line,
/// `{"timestamp": ms, "input_length": n, "output_length": n, "hash_ids": [...]}`, where
/// `hash_ids` names each 512-token block of the prompt (equal ids, equal block content).
enum MooncakeTraceLine {
    static let keys = ["timestamp", "input_length", "output_length", "hash_ids"]

    /// One line as a record (its `line` left 0 for the reader to set).
    static func record(_ bytes: UnsafeBufferPointer<UInt8>) throws(RequestTraceFieldError) -> RequestTraceRecord {
        let object: [String: TraceJSONValue]
        do {
            object = try TraceJSONScanner.parseObject(bytes)
        } catch {
            throw RequestTraceFieldError(nil, .notJSON(column: error.column, reason: error.message, keys: keys))
        }
        func value(_ key: String) throws(RequestTraceFieldError) -> TraceJSONValue {
            guard let found = object[key] else {
                throw RequestTraceFieldError(key, .missingKey(keys: keys))
            }
            return found
        }
        let time = try milliseconds(try value("timestamp"))
        let input = try integer(try value("input_length"), "input_length")
        let output = try integer(try value("output_length"), "output_length")
        try RequestTraceLimits.checkPrompt(input, field: "input_length")
        try RequestTraceLimits.checkOutput(output, field: "output_length")
        let ids = try hashIDs(try value("hash_ids"))
        let blocks = (input + RequestTrace.traceBlockTokens - 1) / RequestTrace.traceBlockTokens
        guard ids.count == blocks else {
            throw RequestTraceFieldError("hash_ids", .hashIDCount(ids.count, promptTokens: input,
                                                                  blockTokens: RequestTrace.traceBlockTokens, blocks: blocks))
        }
        return RequestTraceRecord(line: 0, timeMicros: time, inputLength: input, outputLength: output, hashIDs: ids)
    }

    private static func integer(_ value: TraceJSONValue, _ key: String) throws(RequestTraceFieldError) -> Int {
        switch value {
        case let .integer(number): return number
        case let .number(number) where number.isFinite && number.rounded() == number:
            throw RequestTraceFieldError(key, .tooManyTokens(shown: "\(number)", maximum: RequestTraceLimits.maxTokens, column: false))
        case let .number(number):
            throw RequestTraceFieldError(key, .notWholeNumber(number))
        default:
            throw RequestTraceFieldError(key, .notNumber(kind: value.kindName))
        }
    }

    /// `timestamp` in milliseconds (a whole or fractional number, 0 or more) as microseconds.
    private static func milliseconds(_ value: TraceJSONValue) throws(RequestTraceFieldError) -> Int64 {
        let limit = Double(Int64.max / 2_000)
        let number: Double
        switch value {
        case let .integer(value): number = Double(value)
        case let .number(value): number = value
        default:
            throw RequestTraceFieldError("timestamp", .timestampNotNumber(kind: value.kindName))
        }
        guard number >= 0, number < limit else {
            throw RequestTraceFieldError("timestamp", .timestampOutOfRange(number))
        }
        return Int64((number * 1_000).rounded())
    }

    private static func hashIDs(_ value: TraceJSONValue) throws(RequestTraceFieldError) -> [Int] {
        let ids: [Int]
        switch value {
        case let .integers(list): ids = list
        case let .array(list) where list.isEmpty: ids = []
        case .array:
            throw RequestTraceFieldError("hash_ids", .hashIDsNotIntegers)
        default:
            throw RequestTraceFieldError("hash_ids", .hashIDsNotList(kind: value.kindName))
        }
        if let bad = ids.first(where: { $0 < 0 || $0 > RequestTraceLimits.maxHashID }) {
            throw RequestTraceFieldError("hash_ids", .hashIDOutOfRange(bad, maximum: RequestTraceLimits.maxHashID))
        }
        return ids
    }
}
