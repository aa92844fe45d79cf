import KVBase

/// A problem with a trace file, naming the file and, where it applies, the line:
/// `chat.kvtrace:1234: op "alloc" needs "tokens"`. The cases keep what was wrong as values;
/// `description` words them, here only.
struct TraceError: KVVizError, Equatable, CustomStringConvertible {
    let path: String
    /// 1-based line number, or nil for problems with the file as a whole.
    let line: Int?
    let problem: Problem

    enum Problem: Equatable, Sendable {
        /// The file could not be read (`InputFile`'s reason, with its fix).
        case unreadable(String)
        case empty
        case notHeader
        case unsupportedVersion(Int)
        /// num_blocks x block_size above the slots a replay takes.
        case tooManySlots(Int, limit: Int)
        /// The pool's bookkeeping above what a replay may take (`needed`: nil past 64 bits).
        case poolTooLarge(numBlocks: Int, blockSize: Int, neededBytes: Int?, limitBytes: Int)
        case textAfterEnd(endLine: Int)
        case invalidJSON(column: Int, message: String)
        case missingOp
        case unknownOp(String)
        /// A line's field (`subject`: `header` or `op "alloc"`; nil for the op itself).
        case missingField(subject: String, field: String)
        case wrongType(subject: String?, field: String, expected: String, found: String)
        case outOfRange(subject: String, field: String, value: Int, accepted: ClosedRange<Int>)
        case tokenOutOfRange(subject: String, position: Int, value: Int)
        /// Replaying: an op on a sequence that is not allocated (`op`: "append to", "commit of", "free of").
        case notAllocated(op: String, seq: Int32)
        case stillAllocated(seq: Int32)
        case noFreeBlockToAppend(seq: Int32)
        case notEnoughFreeBlocks(seq: Int32, needed: Int, free: Int)
        case commitPastEnd(seq: Int32, computed: Int, length: Int)
    }

    init(path: String, line: Int?, _ problem: Problem) {
        self.path = path
        self.line = line
        self.problem = problem
    }

    var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): \(problem)"
    }
}

extension TraceError.Problem: CustomStringConvertible {
    var description: String {
        switch self {
        case let .unreadable(reason): reason
        case .empty: "empty file, expected a kvtrace header line"
        case .notHeader: "not a kvtrace header: expected {\"format\":\"kvtrace\",\"version\":1,...} on the first line"
        case let .unsupportedVersion(version): "kvtrace version \(version) is not supported, this kvviz reads version 1"
        case let .tooManySlots(slots, limit):
            "num_blocks x block_size = \(slots) token slots, more than the \(ByteCount.grouped(limit)) kvviz replays"
        case let .poolTooLarge(numBlocks, blockSize, needed, limit):
            "num_blocks \(numBlocks) x block_size \(blockSize) needs \(needed.map { "\($0 >> 20) MiB" } ?? "more than 8 EiB") of pool "
                + "bookkeeping, more than the \(limit >> 20) MiB a replay may take; use larger blocks or fewer of them"
        case let .textAfterEnd(endLine): "text after the \"end\" line (line \(endLine))"
        case let .invalidJSON(column, message): "invalid JSON at column \(column): \(message)"
        case .missingOp: "missing \"op\" (alloc, commit, append, free or end)"
        case let .unknownOp(op): "unknown op \"\(op)\" (expected alloc, commit, append, free or end)"
        case let .missingField(subject, field): "\(subject) needs \"\(field)\""
        case let .wrongType(subject, field, expected, found):
            (subject.map { "\($0): " } ?? "") + "\"\(field)\" must be \(expected), found \(found)"
        case let .outOfRange(subject, field, value, accepted):
            "\(subject): \"\(field)\" is \(value), outside \(accepted.lowerBound)...\(accepted.upperBound)"
        case let .tokenOutOfRange(subject, position, value):
            "\(subject): token \(position) is \(value), outside the 32-bit token ids"
        case let .notAllocated(op, seq): "\(op) seq \(seq), which is not allocated"
        case let .stillAllocated(seq): "alloc of seq \(seq), which is still allocated (a trace frees a sequence before reusing its id)"
        case let .noFreeBlockToAppend(seq): "append to seq \(seq) needs a new block and none is free"
        case let .notEnoughFreeBlocks(seq, needed, free): "alloc of seq \(seq) needs up to \(needed) blocks, only \(free) are free"
        case let .commitPastEnd(seq, computed, length): "commit of \(computed) tokens, but seq \(seq) holds only \(length)"
        }
    }
}
