import KVBase
import Testing
@testable import MsgPack

@Suite("Integer arrays read in one loop agree with the value reader")
struct MsgPackArrayTests {
    static let edges: [MsgPackValue] = [0, 127, 128, 255, 256, 65_535, 65_536, 1 << 31, UInt64(Int32.max), UInt64.max].map { .int(.unsigned($0)) }
        + [-1, -32, -33, -128, -129, -32_768, -32_769, Int64(Int32.min), Int64(Int32.min) - 1, .min].map { .int(.signed($0)) }

    static func bytes(_ items: [MsgPackValue]) -> [UInt8] {
        var writer = MsgPackWriter()
        writer.write(.array(items))
        return writer.bytes
    }

    @Test func bitPatternsOfEveryWidth() throws {
        var reader = MsgPackReader(Self.bytes(Self.edges))
        let fast = try #require(try reader.readBitPatternArray(limit: 100))
        #expect(reader.isAtEnd)
        let expected = Self.edges.map { value -> UInt64 in if case let .int(number) = value { return number.bitPattern }; return 0 }
        #expect(fast == expected)
        // Signed encodings of non-negative values (another writer may choose them).
        var signedSmall = MsgPackReader([0x93, 0xd0, 0x05, 0xd1, 0x01, 0x00, 0xd3, 0, 0, 0, 0, 0, 0, 0, 7])
        #expect(try signedSmall.readBitPatternArray(limit: 10) == [5, 256, 7])
    }

    @Test func tokenIdsInRangeOnlyElseNothingConsumed() throws {
        var ok = MsgPackReader(Self.bytes([.int(.unsigned(151_644)), .int(.signed(-5)), .int(.unsigned(UInt64(Int32.max))),
                                           .int(.unsigned(127)), .int(.unsigned(200)), .int(.unsigned(300)), .int(.unsigned(65_535)), .int(.unsigned(65_536))]))
        #expect(try ok.readInt32Array(limit: 10) == [151_644, -5, Int32.max, 127, 200, 300, 65_535, 65_536])
        for bad: MsgPackValue in [.int(.unsigned(UInt64(Int32.max) + 1)), .int(.unsigned(.max)), .int(.signed(Int64(Int32.min) - 1)), .string("x"), .nil_] {
            var reader = MsgPackReader(Self.bytes([.int(.unsigned(1)), bad]))
            #expect(try reader.readInt32Array(limit: 10) == nil, "\(bad)")
            #expect(reader.offset == 0)
        }
        var cut = MsgPackReader([0x92, 0x01, 0xce, 0x00])
        #expect(try cut.readInt32Array(limit: 10) == nil)
        var cutShort = MsgPackReader([0x92, 0x01, 0xcd, 0x01])
        #expect(try cutShort.readInt32Array(limit: 10) == nil)
        var tooMany = MsgPackReader(Self.bytes([.nil_, .nil_, .nil_]))
        #expect(throws: MsgPackError.lengthTooLarge(offset: 0, length: 3, remaining: 2)) { try tooMany.readBitPatternArray(limit: 2) }
    }

    @Test(arguments: [5, 6] as [UInt64])
    func randomArraysAgreeWithTheValueReader(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let items: [MsgPackValue] = (0..<Int(rng.next() % 30)).map { _ in
                rng.next() % 2 == 0 ? .int(.unsigned(rng.next() >> (rng.next() % 64))) : .int(.signed(-Int64(rng.next() >> (1 + rng.next() % 63)) - 1))
            }
            var reader = MsgPackReader(Self.bytes(items))
            let fast = try #require(try reader.readBitPatternArray(limit: 100))
            #expect(fast == items.map { value -> UInt64 in if case let .int(number) = value { return number.bitPattern }; return 0 })
        }
    }
}
