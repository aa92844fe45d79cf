/// Arrays of integers read in one loop over the raw bytes: vLLM's block hashes and token ids
/// are most of a KV-event payload, so they skip the per-value checks of `readInteger`.
extension MsgPackReader {
    /// An array of integers as 64-bit patterns (negative ones two's complement), or nil, with
    /// nothing consumed, when the array holds something else. `limit` bounds the count.
    public mutating func readBitPatternArray(limit: Int) throws(MsgPackError) -> [UInt64]? {
        let start = offset
        let count = try readArrayHeader()
        guard count <= limit else { offset = start; throw .lengthTooLarge(offset: start, length: count, remaining: limit) }
        var position = offset
        var out: [UInt64] = []
        // reserveCapacity allocates through code specialized for UInt64; the stdlib's generic
        // `init(unsafeUninitializedCapacity:)` looks the array's type up at run time on every call.
        out.reserveCapacity(count)
        let ok = bytes.withUnsafeBufferPointer { buffer -> Bool in
            for _ in 0..<count {
                guard let (value, width) = Self.integer(in: buffer, at: position) else { return false }
                out.append(value)
                position += width
            }
            return true
        }
        guard ok else { offset = start; return nil }
        offset = position
        return out
    }

    /// An array of integers that fit Int32 (token ids), or nil, with nothing consumed, when an
    /// element is not an integer or does not fit.
    public mutating func readInt32Array(limit: Int) throws(MsgPackError) -> [Int32]? {
        let start = offset
        let count = try readArrayHeader()
        guard count <= limit else { offset = start; throw .lengthTooLarge(offset: start, length: count, remaining: limit) }
        var position = offset
        var out: [Int32] = []
        out.reserveCapacity(count)  // specialized allocation (see readBitPatternArray)
        out.append(contentsOf: repeatElement(0, count: count))
        let ok = bytes.withUnsafeBufferPointer { buffer in
            out.withUnsafeMutableBufferPointer { values in Self.fillTokens(values, count: count, from: buffer, position: &position) }
        }
        guard ok else { offset = start; return nil }
        offset = position
        return out
    }

    /// Reads `count` token ids into `values` from `position`; false on anything but an integer
    /// that fits Int32 (the values written so far are then discarded).
    @inline(__always)
    static func fillTokens(_ values: UnsafeMutableBufferPointer<Int32>, count: Int, from buffer: UnsafeBufferPointer<UInt8>,
                           position: inout Int) -> Bool {
        let end = buffer.count
        for index in 0..<count {
            guard position < end else { return false }
            let first = buffer[position]
            // Token ids are nearly always a positive fixint, uint 16 or uint 32.
            if first < 0x80 {
                values[index] = Int32(first)
                position += 1
                continue
            }
            if first == 0xcd, end - position > 2 {
                values[index] = Int32(buffer[position + 1]) << 8 | Int32(buffer[position + 2])
                position += 3
                continue
            }
            if first == 0xce, end - position > 4 {
                let value = UInt32(buffer[position + 1]) << 24 | UInt32(buffer[position + 2]) << 16
                    | UInt32(buffer[position + 3]) << 8 | UInt32(buffer[position + 4])
                guard value <= UInt32(Int32.max) else { return false }
                values[index] = Int32(value)
                position += 5
                continue
            }
            guard let (pattern, width) = Self.integer(in: buffer, at: position) else { return false }
            let signed = first >= 0xe0 || (0xd0...0xd3).contains(first)
            let token = signed ? Int32(exactly: Int64(bitPattern: pattern)) : (pattern <= UInt64(Int32.max) ? Int32(pattern) : nil)
            guard let token else { return false }
            values[index] = token
            position += width
        }
        return true
    }

    /// The integer at `position` as a bit pattern and its encoded width, or nil for anything
    /// else or a value cut by the end of the buffer.
    @inline(__always)
    static func integer(in buffer: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt64, Int)? {
        guard position < buffer.count else { return nil }
        let first = buffer[position]
        if first < 0x80 { return (UInt64(first), 1) }
        if first >= 0xe0 { return (UInt64(bitPattern: Int64(Int8(bitPattern: first))), 1) }
        let width: Int
        switch first {
        case 0xcc, 0xd0: width = 1
        case 0xcd, 0xd1: width = 2
        case 0xce, 0xd2: width = 4
        case 0xcf, 0xd3: width = 8
        default: return nil
        }
        guard buffer.count - position > width else { return nil }
        var value: UInt64 = 0
        for index in (position + 1)...(position + width) { value = value << 8 | UInt64(buffer[index]) }
        if first >= 0xd0 {  // signed: extend the sign of a narrow value
            let shift = UInt64(64 - 8 * width)
            value = UInt64(bitPattern: Int64(bitPattern: value << shift) >> Int64(shift))
        }
        return (value, width + 1)
    }
}
