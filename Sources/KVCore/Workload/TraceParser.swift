import Foundation
import KVBase

extension KVTrace {
    /// Largest sequence id a trace may use: the manager indexes per-sequence state by id.
    static let maxSequenceID = 999_999
    /// Largest trace file read: 1 GiB (chat.kvtrace is under 5 MB).
    public static let maxFileBytes = 1 << 30

    /// Reads and parses the trace at `path`. Throws `TraceError` naming the file, and the line
    /// for anything malformed, instead of trapping on bad input.
    public init(contentsOf path: String) throws {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: KVTrace.maxFileBytes, expecting: "a .kvtrace file (e.g. Tests/Fixtures/traces/chat.kvtrace)")
        } catch {
            throw TraceError(path: path, line: nil, .unreadable(error.reason))
        }
        try self.init(parsing: bytes, path: path)
    }

    /// Parses the bytes of a trace file; `path` only names it in errors.
    public init(parsing bytes: [UInt8], path: String) throws {
        var builder = TraceBuilder(path: path)
        try bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var lineNumber = 0
            while start < buffer.count {
                var end = start
                while end < buffer.count, buffer[end] != UInt8(ascii: "\n") { end += 1 }
                lineNumber += 1
                try builder.take(UnsafeBufferPointer(rebasing: buffer[start ..< end]), line: lineNumber)
                start = end + 1
            }
        }
        self = try builder.finish()
    }
}

/// Accumulates a trace line by line: the header first, then ops, then at most an `end` line.
private struct TraceBuilder {
    let path: String
    private var header: (blockSize: Int, numBlocks: Int, seed: Int?)?
    private var ops: [KVTrace.Op] = []
    private var lines: [Int] = []
    private var prompts: [[TokenID]] = []
    private var expected: [String: Int]?
    private var endLine: Int?

    init(path: String) { self.path = path }

    mutating func take(_ line: UnsafeBufferPointer<UInt8>, line number: Int) throws {
        guard line.contains(where: { !Self.isSpace($0) }) else { return }
        if let endLine { throw failure(number, .textAfterEnd(endLine: endLine)) }
        let object: [String: TraceJSONValue]
        do {
            object = try TraceJSONScanner.parseObject(line)
        } catch {
            throw failure(number, .invalidJSON(column: error.column, message: error.message))
        }
        guard header != nil else {
            header = try parseHeader(object, line: number)
            return
        }
        guard let opValue = object["op"] else { throw failure(number, .missingOp) }
        guard case .string(let op) = opValue else { throw failure(number, .wrongType(subject: nil, field: "op", expected: "a string", found: opValue.kindName)) }
        let fields = Fields(object: object, op: op, line: number, path: path)
        switch op {
        case "alloc":
            let seq = try fields.sequence()
            let tokens = try fields.tokens()
            let hit = try fields.optionalInteger("hit", in: 0 ... Int(Int32.max)) ?? -1
            ops.append(.allocate(seq, prompt: prompts.count, hit: hit))
            prompts.append(tokens)
        case "commit":
            ops.append(.commit(try fields.sequence(), computed: try fields.integer("computed", in: 0 ... Int(Int32.max))))
        case "append":
            ops.append(.append(try fields.sequence(), TokenID(try fields.integer("token", in: Int(Int32.min) ... Int(Int32.max)))))
        case "free":
            ops.append(.free(try fields.sequence()))
        case "end":
            expected = try fields.expectations()
            endLine = number
            return
        default:
            throw failure(number, .unknownOp(op))
        }
        lines.append(number)
    }

    func finish() throws -> KVTrace {
        guard let header else { throw TraceError(path: path, line: nil, .empty) }
        var trace = KVTrace(path: path, blockSize: header.blockSize, numBlocks: header.numBlocks, seed: header.seed)
        trace.ops = ops
        trace.lines = lines
        trace.prompts = prompts
        trace.expected = expected
        return trace
    }

    private func parseHeader(_ object: [String: TraceJSONValue], line: Int) throws -> (Int, Int, Int?) {
        guard case .string("kvtrace")? = object["format"] else {
            throw failure(line, .notHeader)
        }
        let fields = Fields(object: object, op: "header", line: line, path: path)
        let version = try fields.integer("version", in: 0 ... Int.max)
        guard version == 1 else { throw failure(line, .unsupportedVersion(version)) }
        let blockSize = try fields.integer("block_size", in: 1 ... 1024)
        let numBlocks = try fields.integer("num_blocks", in: 1 ... 10_000_000)
        guard numBlocks * blockSize <= Self.maxSlots else {
            throw failure(line, .tooManySlots(numBlocks * blockSize, limit: Self.maxSlots))
        }
        // Refused from the pool's computed footprint before anything is allocated: 10,000,000
        // one-slot blocks pass the slot ceiling but once took 1.9 GB of bookkeeping.
        guard let bytes = PoolFootprint.bytes(numBlocks: numBlocks, blockSize: blockSize), bytes <= Self.maxPoolBytes else {
            throw failure(line, .poolTooLarge(numBlocks: numBlocks, blockSize: blockSize,
                                              neededBytes: PoolFootprint.bytes(numBlocks: numBlocks, blockSize: blockSize),
                                              limitBytes: Self.maxPoolBytes))
        }
        return (blockSize, numBlocks, try fields.optionalInteger("seed", in: Int.min ... Int.max))
    }

    /// Most token slots (num_blocks x block_size) a replayed trace's pool may have.
    static let maxSlots = 1 << 26
    /// Most memory a replayed trace's pool may take when it is made (`PoolFootprint`).
    static let maxPoolBytes = 128 << 20

    private func failure(_ line: Int, _ problem: TraceError.Problem) -> TraceError {
        TraceError(path: path, line: line, problem)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}

/// Typed access to one line's fields, with errors like `op "alloc" needs "tokens"`.
private struct Fields {
    let object: [String: TraceJSONValue]
    let op: String
    let line: Int
    let path: String

    private var subject: String { op == "header" ? "header" : "op \"\(op)\"" }

    private func failure(_ problem: TraceError.Problem) -> TraceError { TraceError(path: path, line: line, problem) }

    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = try optionalInteger(key, in: range) else { throw failure(.missingField(subject: subject, field: key)) }
        return value
    }

    func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = object[key] else { return nil }
        guard case .integer(let integer) = value else {
            throw failure(.wrongType(subject: subject, field: key, expected: "an integer", found: value.kindName))
        }
        guard range.contains(integer) else {
            throw failure(.outOfRange(subject: subject, field: key, value: integer, accepted: range))
        }
        return integer
    }

    func sequence() throws -> SequenceID {
        SequenceID(try integer("seq", in: 0 ... KVTrace.maxSequenceID))
    }

    func tokens() throws -> [TokenID] {
        guard let value = object["tokens"] else { throw failure(.missingField(subject: subject, field: "tokens")) }
        guard case .integers(let integers) = value else {
            throw failure(.wrongType(subject: subject, field: "tokens", expected: "an array of integers", found: value.kindName))
        }
        var tokens: [TokenID] = []
        tokens.reserveCapacity(integers.count)
        for (position, integer) in integers.enumerated() {
            guard let token = TokenID(exactly: integer) else {
                throw failure(.tokenOutOfRange(subject: subject, position: position, value: integer))
            }
            tokens.append(token)
        }
        return tokens
    }

    /// The integer fields of `expect`; other fields (none today) are ignored.
    func expectations() throws -> [String: Int] {
        guard let value = object["expect"] else { throw failure(.missingField(subject: subject, field: "expect")) }
        guard case .object(let fields) = value else { throw failure(.wrongType(subject: subject, field: "expect", expected: "an object", found: value.kindName)) }
        return fields.compactMapValues { if case .integer(let integer) = $0 { integer } else { nil } }
    }
}
