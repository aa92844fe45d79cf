import KVBase

/// A JSON value as a kvtrace line holds it. Integer arrays (the prompts) get their own case so
/// a 100,000-line trace parses without a value per token.
enum TraceJSONValue: Sendable {
    case integer(Int)
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case integers([Int])
    case array([TraceJSONValue])
    case object([String: TraceJSONValue])

    /// How an error message names the kind of value found.
    var kindName: String {
        switch self {
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .bool: "a boolean"
        case .null: "null"
        case .integers, .array: "an array"
        case .object: "an object"
        }
    }
}

/// Where and why a line is not valid JSON; the trace reader adds the file and line.
struct TraceJSONSyntaxError: KVVizError {
    let column: Int
    let message: String

    var description: String { "column \(column): \(message)" }
}

/// A small hand-written JSON reader for one line of bytes (strict: no trailing commas, no
/// comments). Written for speed on arrays of integers, which are most of a trace's bytes.
struct TraceJSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses the whole line as one JSON object.
    static func parseObject(_ bytes: UnsafeBufferPointer<UInt8>) throws(TraceJSONSyntaxError) -> [String: TraceJSONValue] {
        var scanner = TraceJSONScanner(bytes)
        scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: "{") else { throw scanner.error("expected a JSON object starting with '{'") }
        guard case .object(let object) = try scanner.parseValue(depth: 0) else { preconditionFailure() }
        scanner.skipSpace()
        guard scanner.position == bytes.count else { throw scanner.error("unexpected text after the object") }
        return object
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ message: String) -> TraceJSONSyntaxError {
        TraceJSONSyntaxError(column: position + 1, message: message)
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(TraceJSONSyntaxError) {
        skipSpace()
        guard peek == byte else { throw error(peek == nil ? "line ends early, expected \(what)" : "expected \(what)") }
        position += 1
    }

    private mutating func parseValue(depth: Int) throws(TraceJSONSyntaxError) -> TraceJSONValue {
        guard depth < 32 else { throw error("values nested too deeply") }
        skipSpace()
        guard let byte = peek else { throw error("line ends early, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return .object(try parseObjectBody(depth: depth))
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"): try parseWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseWord("null"); return .null
        default: throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func parseObjectBody(depth: Int) throws(TraceJSONSyntaxError) -> [String: TraceJSONValue] {
        position += 1  // {
        var object: [String: TraceJSONValue] = [:]
        skipSpace()
        if peek == UInt8(ascii: "}") { position += 1; return object }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw error(peek == nil ? "line ends early, expected a key" : "expected a quoted key") }
            let key = try parseString()
            try expect(UInt8(ascii: ":"), "':' after key \"\(key)\"")
            object[key] = try parseValue(depth: depth + 1)
            skipSpace()
            guard let next = peek else { throw error("line ends early, expected ',' or '}'") }
            position += 1
            if next == UInt8(ascii: "}") { return object }
            guard next == UInt8(ascii: ",") else { position -= 1; throw error("expected ',' or '}'") }
        }
    }

    private mutating func parseArray(depth: Int) throws(TraceJSONSyntaxError) -> TraceJSONValue {
        position += 1  // [
        var integers: [Int] = []
        var values: [TraceJSONValue]?  // set once a non-integer element shows up
        skipSpace()
        if peek == UInt8(ascii: "]") { position += 1; return .integers([]) }
        while true {
            skipSpace()
            if values == nil, let integer = try parseIntegerFast() {
                integers.append(integer)
            } else {
                if values == nil { values = integers.map(TraceJSONValue.integer) }
                values!.append(try parseValue(depth: depth + 1))
            }
            skipSpace()
            guard let next = peek else { throw error("line ends early, expected ',' or ']'") }
            position += 1
            if next == UInt8(ascii: "]") { return values.map(TraceJSONValue.array) ?? .integers(integers) }
            guard next == UInt8(ascii: ",") else { position -= 1; throw error("expected ',' or ']'") }
        }
    }

    /// A plain integer (no fraction or exponent) at the current position, or nil without
    /// moving when the value is anything else.
    private mutating func parseIntegerFast() throws(TraceJSONSyntaxError) -> Int? {
        var cursor = position
        let negative = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        let digitsStart = cursor
        var value = 0
        while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
            if cursor - digitsStart >= 18 { throw error("integer too large") }
            value = value * 10 + Int(bytes[cursor] - UInt8(ascii: "0"))
            cursor += 1
        }
        guard cursor > digitsStart else { return nil }
        if cursor < bytes.count {
            switch bytes[cursor] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        position = cursor
        return negative ? -value : value
    }

    private mutating func parseNumber() throws(TraceJSONSyntaxError) -> TraceJSONValue {
        if let integer = try parseIntegerFast() { return .integer(integer) }
        let start = position
        while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< position]), as: UTF8.self)
        guard let number = Double(text) else { position = start; throw error("malformed number") }
        return .number(number)
    }

    private mutating func parseWord(_ word: String) throws(TraceJSONSyntaxError) {
        for byte in word.utf8 {
            guard peek == byte else { throw error("unexpected text, expected \(word)") }
            position += 1
        }
    }

    private mutating func parseString() throws(TraceJSONSyntaxError) -> String {
        position += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek else { throw error("line ends inside a string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { throw error("line ends inside a string") }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw error("unknown escape '\\\(Character(Unicode.Scalar(escaped)))'")
                }
            case 0 ..< 0x20:
                throw error("control character inside a string")
            default:
                utf8.append(byte)
            }
        }
    }

    /// The four hex digits after `\u` (and a low surrogate after a high one).
    private mutating func parseUnicodeEscape() throws(TraceJSONSyntaxError) -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800 ..< 0xDC00).contains(first), peek == UInt8(ascii: "\\"),
           position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") {
            position += 2
            let second = try parseHex4()
            if (0xDC00 ..< 0xE000).contains(second),
               let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) {
                return scalar
            }
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    private mutating func parseHex4() throws(TraceJSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0 ..< 4 {
            guard let byte = peek, let digit = Self.hexDigit(byte) else { throw error("expected four hex digits after \\u") }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
