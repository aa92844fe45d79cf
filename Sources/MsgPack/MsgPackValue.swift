/// A whole MessagePack value as a tree: for tests, tools and fields whose shape is open
/// (vLLM's `extra_keys`). The event decoder reads frames with `MsgPackReader` directly.
public indirect enum MsgPackValue: Equatable, Sendable {
    case nil_
    case bool(Bool)
    case int(MsgPackInteger)
    case float(Double)
    case string(String)
    case binary([UInt8])
    case array([MsgPackValue])
    /// Pairs in document order (keys may be any value and may repeat).
    case map([(key: MsgPackValue, value: MsgPackValue)])
    case ext(type: Int8, data: [UInt8])

    /// Decodes exactly one value that fills `bytes`.
    public static func decode(_ bytes: [UInt8], maxDepth: Int = 64) throws(MsgPackError) -> MsgPackValue {
        var reader = MsgPackReader(bytes, maxDepth: maxDepth)
        let value = try reader.readValue()
        try reader.finish()
        return value
    }

    public static func == (lhs: MsgPackValue, rhs: MsgPackValue) -> Bool {
        switch (lhs, rhs) {
        case (.nil_, .nil_): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.float(a), .float(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): return a == b
        case let (.binary(a), .binary(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.map(a), .map(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.ext(t1, d1), .ext(t2, d2)): return t1 == t2 && d1 == d2
        default: return false
        }
    }
}

extension MsgPackReader {
    /// Reads the next value as a tree, nesting bounded by `maxDepth`.
    public mutating func readValue() throws(MsgPackError) -> MsgPackValue {
        try readValue(depth: 0)
    }

    mutating func readValue(depth: Int) throws(MsgPackError) -> MsgPackValue {
        let start = offset
        switch try peekKind() {
        case .nil_: offset += 1; return .nil_
        case .bool: return .bool(try readBool())
        case .int: return .int(try readInteger())
        case .float: return .float(try readDouble())
        case .string: return .string(try readString())
        case .binary: return .binary(Array(try readBinary()))
        case .ext:
            let (type, data) = try readExtension()
            return .ext(type: type, data: Array(data))
        case .array:
            let count = try readArrayHeader()
            if count > 0, depth + 1 > maxDepth { throw .tooDeep(offset: start, limit: maxDepth) }
            var items: [MsgPackValue] = []
            items.reserveCapacity(count)  // bounded: count <= remaining bytes
            for _ in 0..<count { items.append(try readValue(depth: depth + 1)) }
            return .array(items)
        case .map:
            let count = try readMapHeader()
            if count > 0, depth + 1 > maxDepth { throw .tooDeep(offset: start, limit: maxDepth) }
            var pairs: [(key: MsgPackValue, value: MsgPackValue)] = []
            pairs.reserveCapacity(count)
            for _ in 0..<count {
                let key = try readValue(depth: depth + 1)
                pairs.append((key, try readValue(depth: depth + 1)))
            }
            return .map(pairs)
        case .reserved:
            throw .reservedByte(offset: start)
        }
    }
}
