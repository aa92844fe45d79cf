/// Writes MessagePack in the smallest form of each value, as msgspec and other encoders do.
public struct MsgPackWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func bigEndian(_ value: UInt64, width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    public mutating func writeNil() { bytes.append(0xc0) }
    public mutating func write(_ value: Bool) { bytes.append(value ? 0xc3 : 0xc2) }

    public mutating func write(unsigned value: UInt64) {
        switch value {
        case 0...0x7f: bytes.append(UInt8(value))
        case 0...0xff: bytes.append(0xcc); bigEndian(value, width: 1)
        case 0...0xffff: bytes.append(0xcd); bigEndian(value, width: 2)
        case 0...0xffff_ffff: bytes.append(0xce); bigEndian(value, width: 4)
        default: bytes.append(0xcf); bigEndian(value, width: 8)
        }
    }

    public mutating func write(_ value: Int64) {
        if value >= 0 { write(unsigned: UInt64(value)); return }
        let pattern = UInt64(bitPattern: value)
        switch value {
        case -32 ..< 0: bytes.append(UInt8(truncatingIfNeeded: value))
        case Int64(Int8.min)...: bytes.append(0xd0); bigEndian(pattern, width: 1)
        case Int64(Int16.min)...: bytes.append(0xd1); bigEndian(pattern, width: 2)
        case Int64(Int32.min)...: bytes.append(0xd2); bigEndian(pattern, width: 4)
        default: bytes.append(0xd3); bigEndian(pattern, width: 8)
        }
    }

    public mutating func write(_ value: Int) { write(Int64(value)) }

    public mutating func write(_ value: Double) {
        bytes.append(0xcb)
        bigEndian(value.bitPattern, width: 8)
    }

    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        switch utf8.count {
        case 0...31: bytes.append(0xa0 | UInt8(utf8.count))
        case 0...0xff: bytes.append(0xd9); bigEndian(UInt64(utf8.count), width: 1)
        case 0...0xffff: bytes.append(0xda); bigEndian(UInt64(utf8.count), width: 2)
        default: bytes.append(0xdb); bigEndian(UInt64(utf8.count), width: 4)
        }
        bytes += utf8
    }

    public mutating func write(binary data: [UInt8]) {
        switch data.count {
        case 0...0xff: bytes.append(0xc4); bigEndian(UInt64(data.count), width: 1)
        case 0...0xffff: bytes.append(0xc5); bigEndian(UInt64(data.count), width: 2)
        default: bytes.append(0xc6); bigEndian(UInt64(data.count), width: 4)
        }
        bytes += data
    }

    public mutating func writeArrayHeader(_ count: Int) {
        switch count {
        case 0...15: bytes.append(0x90 | UInt8(count))
        case 0...0xffff: bytes.append(0xdc); bigEndian(UInt64(count), width: 2)
        default: bytes.append(0xdd); bigEndian(UInt64(count), width: 4)
        }
    }

    public mutating func writeMapHeader(_ count: Int) {
        switch count {
        case 0...15: bytes.append(0x80 | UInt8(count))
        case 0...0xffff: bytes.append(0xde); bigEndian(UInt64(count), width: 2)
        default: bytes.append(0xdf); bigEndian(UInt64(count), width: 4)
        }
    }

    public mutating func writeExtension(type: Int8, data: [UInt8]) {
        switch data.count {
        case 1: bytes.append(0xd4)
        case 2: bytes.append(0xd5)
        case 4: bytes.append(0xd6)
        case 8: bytes.append(0xd7)
        case 16: bytes.append(0xd8)
        case 0...0xff: bytes.append(0xc7); bigEndian(UInt64(data.count), width: 1)
        case 0...0xffff: bytes.append(0xc8); bigEndian(UInt64(data.count), width: 2)
        default: bytes.append(0xc9); bigEndian(UInt64(data.count), width: 4)
        }
        bytes.append(UInt8(bitPattern: type))
        bytes += data
    }

    /// Writes a whole tree.
    public mutating func write(_ value: MsgPackValue) {
        switch value {
        case .nil_: writeNil()
        case let .bool(flag): write(flag)
        case let .int(.signed(number)): write(number)
        case let .int(.unsigned(number)): write(unsigned: number)
        case let .float(number): write(number)
        case let .string(text): write(text)
        case let .binary(data): write(binary: data)
        case let .array(items): writeArrayHeader(items.count); items.forEach { write($0) }
        case let .map(pairs): writeMapHeader(pairs.count); pairs.forEach { write($0.key); write($0.value) }
        case let .ext(type, data): writeExtension(type: type, data: data)
        }
    }
}
