import KVBase

/// Why a MessagePack document could not be read: each case names the byte offset where reading
/// stopped, so a message can point at the broken spot of a frame.
public enum MsgPackError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    /// The document ends inside a value (a truncated frame).
    case truncated(offset: Int, needed: Int)
    /// A length in a header claims more elements or bytes than the rest of the document holds.
    case lengthTooLarge(offset: Int, length: Int, remaining: Int)
    /// Arrays and maps nest deeper than the reader allows.
    case tooDeep(offset: Int, limit: Int)
    /// The byte 0xc1, which the format reserves and never uses.
    case reservedByte(offset: Int)
    /// A value of another type where the reader expected `expected`.
    case wrongType(offset: Int, expected: String, found: String)
    /// A string that is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// An integer that does not fit the type asked for.
    case outOfRange(offset: Int, expected: String)
    /// Bytes left over after the top-level value.
    case trailingBytes(offset: Int, count: Int)

    public var offset: Int {
        switch self {
        case let .truncated(offset, _), let .lengthTooLarge(offset, _, _), let .tooDeep(offset, _),
             let .reservedByte(offset), let .wrongType(offset, _, _), let .invalidUTF8(offset),
             let .outOfRange(offset, _), let .trailingBytes(offset, _):
            return offset
        }
    }

    public var description: String {
        switch self {
        case let .truncated(offset, needed):
            return "msgpack ends at byte \(offset) inside a value (\(needed) more bytes needed)"
        case let .lengthTooLarge(offset, length, remaining):
            return "msgpack header at byte \(offset) claims \(length) elements but only \(remaining) bytes follow"
        case let .tooDeep(offset, limit):
            return "msgpack nests deeper than \(limit) levels at byte \(offset)"
        case let .reservedByte(offset):
            return "msgpack has the reserved byte 0xc1 at byte \(offset)"
        case let .wrongType(offset, expected, found):
            return "msgpack has \(found) at byte \(offset) where \(expected) was expected"
        case let .invalidUTF8(offset):
            return "msgpack string at byte \(offset) is not UTF-8"
        case let .outOfRange(offset, expected):
            return "msgpack integer at byte \(offset) does not fit \(expected)"
        case let .trailingBytes(offset, count):
            return "msgpack has \(count) bytes after the value that ends at byte \(offset)"
        }
    }
}
