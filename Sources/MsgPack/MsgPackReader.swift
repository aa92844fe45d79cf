#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only MessagePack reader over one document in memory.
///
/// Every length in a header is checked against the bytes that remain before anything is
/// allocated (an array of n elements needs at least n bytes, a map of n pairs 2n), so a 10-byte
/// header that claims ten million hashes fails at once instead of reserving memory for them.
/// Nesting is bounded by `maxDepth` in `skipValue` and `MsgPackValue.decode`. Nothing traps:
/// every malformed input ends in a `MsgPackError` that names the byte offset.
public struct MsgPackReader {
    public let bytes: [UInt8]
    public internal(set) var offset: Int
    public let maxDepth: Int

    public init(_ bytes: [UInt8], maxDepth: Int = 64) {
        self.bytes = bytes
        self.offset = 0
        self.maxDepth = maxDepth
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset >= bytes.count }

    /// The kind of the next value, without consuming it.
    public func peekKind() throws(MsgPackError) -> MsgPackKind {
        guard offset < bytes.count else { throw .truncated(offset: offset, needed: 1) }
        return MsgPackKind(firstByte: bytes[offset])
    }

    /// Throws when bytes follow the top-level value.
    public func finish() throws(MsgPackError) {
        if offset < bytes.count { throw .trailingBytes(offset: offset, count: bytes.count - offset) }
    }

    // MARK: Raw bytes

    @inline(__always)
    mutating func need(_ count: Int) throws(MsgPackError) {
        if count > bytes.count - offset { throw .truncated(offset: offset, needed: count - (bytes.count - offset)) }
    }

    @inline(__always)
    mutating func byte() throws(MsgPackError) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    @inline(__always)
    mutating func bigEndian(_ width: Int) throws(MsgPackError) -> UInt64 {
        try need(width)
        var value: UInt64 = 0
        for index in offset..<(offset + width) { value = value << 8 | UInt64(bytes[index]) }
        offset += width
        return value
    }

    func mismatch(_ expected: String, at start: Int) -> MsgPackError {
        .wrongType(offset: start, expected: expected, found: MsgPackKind(firstByte: bytes[start]).name)
    }

    // MARK: Scalars

    /// Consumes a nil and answers true, or leaves any other value in place and answers false.
    public mutating func readNil() throws(MsgPackError) -> Bool {
        guard try peekKind() == .nil_ else { return false }
        offset += 1
        return true
    }

    public mutating func readBool() throws(MsgPackError) -> Bool {
        let start = offset
        switch try byte() {
        case 0xc2: return false
        case 0xc3: return true
        default: offset = start; throw mismatch("a boolean", at: start)
        }
    }

    /// Any integer the format can hold.
    public mutating func readInteger() throws(MsgPackError) -> MsgPackInteger {
        let start = offset
        let first = try byte()
        switch first {
        case 0x00...0x7f: return .unsigned(UInt64(first))
        case 0xe0...0xff: return .signed(Int64(Int8(bitPattern: first)))
        case 0xcc: return .unsigned(try bigEndian(1))
        case 0xcd: return .unsigned(try bigEndian(2))
        case 0xce: return .unsigned(try bigEndian(4))
        case 0xcf: return .unsigned(try bigEndian(8))
        case 0xd0: return .canonical(Int64(Int8(truncatingIfNeeded: try bigEndian(1))))
        case 0xd1: return .canonical(Int64(Int16(truncatingIfNeeded: try bigEndian(2))))
        case 0xd2: return .canonical(Int64(Int32(truncatingIfNeeded: try bigEndian(4))))
        case 0xd3: return .canonical(Int64(bitPattern: try bigEndian(8)))
        default: offset = start; throw mismatch("an integer", at: start)
        }
    }

    public mutating func readInt64() throws(MsgPackError) -> Int64 {
        let start = offset
        switch try readInteger() {
        case let .signed(value): return value
        case let .unsigned(value):
            guard value <= UInt64(Int64.max) else { throw .outOfRange(offset: start, expected: "a signed 64-bit integer") }
            return Int64(value)
        }
    }

    public mutating func readInt() throws(MsgPackError) -> Int { Int(try readInt64()) }

    /// A float, or an integer read as one.
    public mutating func readDouble() throws(MsgPackError) -> Double {
        let start = offset
        let first = try byte()
        switch first {
        case 0xca: return Double(Float(bitPattern: UInt32(try bigEndian(4))))
        case 0xcb: return Double(bitPattern: try bigEndian(8))
        default:
            offset = start
            guard MsgPackKind(firstByte: first) == .int else { throw mismatch("a number", at: start) }
            switch try readInteger() {
            case let .signed(value): return Double(value)
            case let .unsigned(value): return Double(value)
            }
        }
    }

    /// The byte range of a string's UTF-8, unvalidated (for comparing keys without a String).
    public mutating func readStringRange() throws(MsgPackError) -> Range<Int> {
        let start = offset
        let first = try byte()
        let length: Int
        switch first {
        case 0xa0...0xbf: length = Int(first & 0x1f)
        case 0xd9: length = Int(try bigEndian(1))
        case 0xda: length = Int(try bigEndian(2))
        case 0xdb: length = Int(try bigEndian(4))
        default: offset = start; throw mismatch("a string", at: start)
        }
        try need(length)
        defer { offset += length }
        return offset..<(offset + length)
    }

    public mutating func readString() throws(MsgPackError) -> String {
        let start = offset
        return try string(in: try readStringRange(), at: start)
    }

    /// The string in `range` (from `readStringRange`, whose value started at `start`), validated.
    public func string(in range: Range<Int>, at start: Int) throws(MsgPackError) -> String {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { throw .invalidUTF8(offset: start) }
        // ASCII (every field value vLLM sends) is valid UTF-8 as it stands: decoding it skips the
        // stdlib's generic validation, which costs more than the rest of an event.
        let ascii = bytes.withUnsafeBufferPointer { buffer in
            UnsafeBufferPointer(rebasing: buffer[range]).allSatisfy { $0 < 0x80 }
        }
        if ascii { return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) } }
        guard let text = String(validating: bytes[range], as: UTF8.self) else { throw .invalidUTF8(offset: start) }
        return text
    }

    /// True when the UTF-8 in `range` spells `text` (ASCII keys and tags).
    public func bytes(in range: Range<Int>, equal text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount, range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return range.isEmpty }
            return memcmp(base + range.lowerBound, text.utf8Start, range.count) == 0
        }
    }

    public mutating func readBinary() throws(MsgPackError) -> ArraySlice<UInt8> {
        let start = offset
        let length: Int
        switch try byte() {
        case 0xc4: length = Int(try bigEndian(1))
        case 0xc5: length = Int(try bigEndian(2))
        case 0xc6: length = Int(try bigEndian(4))
        default: offset = start; throw mismatch("bytes", at: start)
        }
        try need(length)
        defer { offset += length }
        return bytes[offset..<(offset + length)]
    }

    /// An extension value: its type code and data.
    public mutating func readExtension() throws(MsgPackError) -> (type: Int8, data: ArraySlice<UInt8>) {
        let start = offset
        let length: Int
        switch try byte() {
        case 0xd4: length = 1
        case 0xd5: length = 2
        case 0xd6: length = 4
        case 0xd7: length = 8
        case 0xd8: length = 16
        case 0xc7: length = Int(try bigEndian(1))
        case 0xc8: length = Int(try bigEndian(2))
        case 0xc9: length = Int(try bigEndian(4))
        default: offset = start; throw mismatch("an extension value", at: start)
        }
        let type = Int8(bitPattern: try byte())
        try need(length)
        defer { offset += length }
        return (type, bytes[offset..<(offset + length)])
    }

    // MARK: Containers

    /// An array's element count, checked against the remaining bytes (one byte per element at least).
    public mutating func readArrayHeader() throws(MsgPackError) -> Int {
        let start = offset
        let first = try byte()
        let count: Int
        switch first {
        case 0x90...0x9f: count = Int(first & 0x0f)
        case 0xdc: count = Int(try bigEndian(2))
        case 0xdd: count = Int(try bigEndian(4))
        default: offset = start; throw mismatch("an array", at: start)
        }
        if count > remaining { throw .lengthTooLarge(offset: start, length: count, remaining: remaining) }
        return count
    }

    /// A map's pair count, checked against the remaining bytes (two bytes per pair at least).
    public mutating func readMapHeader() throws(MsgPackError) -> Int {
        let start = offset
        let first = try byte()
        let count: Int
        switch first {
        case 0x80...0x8f: count = Int(first & 0x0f)
        case 0xde: count = Int(try bigEndian(2))
        case 0xdf: count = Int(try bigEndian(4))
        default: offset = start; throw mismatch("a map", at: start)
        }
        if count * 2 > remaining { throw .lengthTooLarge(offset: start, length: count, remaining: remaining) }
        return count
    }

    /// Skips one value of any kind, nested containers included, without recursion; nesting
    /// deeper than `maxDepth` is an error.
    public mutating func skipValue() throws(MsgPackError) {
        var pending: [Int] = []  // values still to skip at each open level
        var toSkip = 1
        while true {
            while toSkip == 0 {
                guard let outer = pending.popLast() else { return }
                toSkip = outer
            }
            toSkip -= 1
            let start = offset
            switch try peekKind() {
            case .array, .map:
                let isMap = try peekKind() == .map
                let count = isMap ? try readMapHeader() * 2 : try readArrayHeader()
                if count > 0 {
                    if pending.count + 1 > maxDepth { throw .tooDeep(offset: start, limit: maxDepth) }
                    pending.append(toSkip)
                    toSkip = count
                }
            case .nil_, .bool: offset += 1
            case .int: _ = try readInteger()
            case .float: _ = try readDouble()
            case .string: _ = try readStringRange()
            case .binary: _ = try readBinary()
            case .ext: _ = try readExtension()
            case .reserved: throw .reservedByte(offset: start)
            }
        }
    }
}

/// An integer as the format stores it: a negative one is signed, a non-negative one may use
/// the full unsigned 64-bit range (vLLM's block hashes do).
public enum MsgPackInteger: Equatable, Sendable {
    case signed(Int64)
    case unsigned(UInt64)

    /// A signed integer kept `.unsigned` when it is not negative, so equal numbers compare equal
    /// whichever width the writer chose.
    static func canonical(_ value: Int64) -> MsgPackInteger {
        value < 0 ? .signed(value) : .unsigned(UInt64(value))
    }

    /// The two's-complement bit pattern, the same for -1 and 2^64-1.
    public var bitPattern: UInt64 {
        switch self {
        case let .signed(value): return UInt64(bitPattern: value)
        case let .unsigned(value): return value
        }
    }
}
