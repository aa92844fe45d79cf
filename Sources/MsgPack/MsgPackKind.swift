/// The type of the next value, read from its first byte without consuming it.
public enum MsgPackKind: Equatable, Sendable {
    case nil_, bool, int, float, string, binary, array, map, ext, reserved

    /// The kind a first byte announces (the format's table of type bytes).
    public init(firstByte byte: UInt8) {
        switch byte {
        case 0x00...0x7f, 0xe0...0xff, 0xcc...0xd3: self = .int
        case 0x80...0x8f, 0xde, 0xdf: self = .map
        case 0x90...0x9f, 0xdc, 0xdd: self = .array
        case 0xa0...0xbf, 0xd9...0xdb: self = .string
        case 0xc0: self = .nil_
        case 0xc2, 0xc3: self = .bool
        case 0xc4...0xc6: self = .binary
        case 0xc7...0xc9, 0xd4...0xd8: self = .ext
        case 0xca, 0xcb: self = .float
        default: self = .reserved  // 0xc1
        }
    }

    /// How an error message names it.
    public var name: String {
        switch self {
        case .nil_: return "nil"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .float: return "a float"
        case .string: return "a string"
        case .binary: return "bytes"
        case .array: return "an array"
        case .map: return "a map"
        case .ext: return "an extension value"
        case .reserved: return "the reserved byte 0xc1"
        }
    }
}
