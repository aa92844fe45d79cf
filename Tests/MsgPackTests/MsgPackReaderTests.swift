import Testing
@testable import MsgPack

@Suite("MessagePack: every type, bounded lengths and depth")
struct MsgPackReaderTests {
    static let samples: [MsgPackValue] = [
        .nil_, .bool(true), .bool(false),
        .int(.unsigned(0)), .int(.unsigned(127)), .int(.unsigned(128)), .int(.unsigned(65_535)),
        .int(.unsigned(1 << 32)), .int(.unsigned(.max)),
        .int(.signed(-1)), .int(.signed(-32)), .int(.signed(-33)), .int(.signed(-129)), .int(.signed(-40_000)),
        .int(.signed(.min)), .float(1.5), .float(-0.0),
        .string(""), .string("GPU"), .string(String(repeating: "块", count: 40)), .string(String(repeating: "x", count: 70_000)),
        .binary([]), .binary([1, 2, 3]), .binary(Array(repeating: 7, count: 300)),
        .array([]), .array((0..<20).map { .int(.unsigned(UInt64($0))) }),
        .map([(.string("a"), .nil_), (.int(.unsigned(1)), .array([.bool(true)]))]),
        .ext(type: -1, data: [0, 0, 0, 1]), .ext(type: 5, data: [1, 2, 3]), .ext(type: 1, data: Array(repeating: 9, count: 16)),
    ]

    @Test func everySampleRoundTrips() throws {
        for sample in Self.samples {
            var writer = MsgPackWriter()
            writer.write(sample)
            #expect(try MsgPackValue.decode(writer.bytes) == sample, "\(sample)")
        }
    }

    @Test func bytesFromTheSpecificationDecode() throws {
        #expect(try MsgPackValue.decode([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) == .int(.unsigned(.max)))
        #expect(try MsgPackValue.decode([0xd0, 0x80]) == .int(.signed(-128)))
        #expect(try MsgPackValue.decode([0xca, 0x3f, 0xc0, 0x00, 0x00]) == .float(1.5))
        #expect(try MsgPackValue.decode([0x92, 0xa1, 0x61, 0xc0]) == .array([.string("a"), .nil_]))
        #expect(try MsgPackValue.decode([0xd9, 0x01, 0x62]) == .string("b"))
    }

    @Test func aHeaderClaimingTenMillionElementsFailsBeforeAllocating() {
        // array32 of 10,000,000 elements, then five bytes: a 10-byte frame.
        let frame: [UInt8] = [0xdd, 0x00, 0x98, 0x96, 0x80, 1, 2, 3, 4, 5]
        #expect(throws: MsgPackError.lengthTooLarge(offset: 0, length: 10_000_000, remaining: 5)) { try MsgPackValue.decode(frame) }
        var reader = MsgPackReader(frame)
        #expect(throws: MsgPackError.self) { try reader.skipValue() }
        let map: [UInt8] = [0xdf, 0x00, 0x98, 0x96, 0x80, 1, 2]
        #expect(throws: MsgPackError.lengthTooLarge(offset: 0, length: 10_000_000, remaining: 2)) { try MsgPackValue.decode(map) }
        let string: [UInt8] = [0xdb, 0x7f, 0xff, 0xff, 0xff, 0x61]
        #expect(throws: MsgPackError.truncated(offset: 5, needed: 2_147_483_646)) { try MsgPackValue.decode(string) }
    }

    @Test func deepNestingIsRefusedByBothReaders() {
        let deep = [UInt8](repeating: 0x91, count: 100_000) + [0xc0]
        #expect(throws: MsgPackError.tooDeep(offset: 64, limit: 64)) { try MsgPackValue.decode(deep) }
        var reader = MsgPackReader(deep)
        #expect(throws: MsgPackError.tooDeep(offset: 64, limit: 64)) { try reader.skipValue() }
        let fine = [UInt8](repeating: 0x91, count: 64) + [0xc0]
        #expect((try? MsgPackValue.decode(fine)) != nil)
        var skipper = MsgPackReader(fine)
        #expect((try? skipper.skipValue()) != nil)
        #expect(skipper.isAtEnd)
    }

    @Test func malformedDocumentsNameTheirOffset() {
        #expect(throws: MsgPackError.truncated(offset: 1, needed: 7)) { try MsgPackValue.decode([0xcf, 0]) }
        #expect(throws: MsgPackError.reservedByte(offset: 1)) { try MsgPackValue.decode([0x91, 0xc1]) }
        #expect(throws: MsgPackError.trailingBytes(offset: 1, count: 1)) { try MsgPackValue.decode([0xc0, 0xc0]) }
        #expect(throws: MsgPackError.invalidUTF8(offset: 0)) { try MsgPackValue.decode([0xa2, 0xff, 0xfe]) }
        var reader = MsgPackReader([0xa1, 0x61])
        #expect(throws: MsgPackError.wrongType(offset: 0, expected: "an integer", found: "a string")) { try reader.readInteger() }
        #expect(reader.offset == 0)
        var big = MsgPackReader([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(throws: MsgPackError.outOfRange(offset: 0, expected: "a signed 64-bit integer")) { try big.readInt64() }
    }
}
