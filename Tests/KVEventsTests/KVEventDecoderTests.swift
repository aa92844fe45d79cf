import Foundation
import Testing
import MsgPack
@testable import KVEvents

@Suite("vLLM KV events: both encodings, both levels, every field history")
struct KVEventDecoderTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "msgpack", subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    @Test func kthena1535V026ArrayBatchAroundAMapEvent() throws {
        let batch = try KVEventDecoder.decode(try Self.fixture("kthena-1535-v0.26"))
        #expect(batch.timestamp == 1789095808.8378847)
        #expect(batch.dataParallelRank == 0)
        guard case let .stored(stored)? = batch.events.first else { Issue.record("no BlockStored"); return }
        #expect(stored.blockHashes == [15760518052499183552])
        #expect(stored.parentBlockHash == nil)
        #expect(stored.tokenIDs.count == 16 && stored.tokenIDs.first == 151644 && stored.tokenIDs.last == 151667)
        #expect(stored.blockSize == 16 && stored.medium == "GPU" && stored.groupIndex == 0)
        #expect(stored.specKind == "full_attention")
    }

    @Test func vllm27803UnsignedHashesInThePositionalEncoding() throws {
        let batch = try KVEventDecoder.decode(try Self.fixture("vllm-27803-v0.11-array"))
        guard case let .stored(stored)? = batch.events.first else { Issue.record("no BlockStored"); return }
        #expect(stored.blockHashes.count == 35)
        #expect(stored.blockHashes[1] == 10213826896782787679)  // above 2^63
        #expect(stored.blockHashes[31] == 18174474959339759123)
        #expect(stored.tier == CacheTier(medium: "GPU", group: 0))
    }

    @Test func dynamo5386SignedHashesAndNoMedium() throws {
        let batch = try KVEventDecoder.decode(try Self.fixture("dynamo-5386-signed-map"))
        #expect(batch.events.count == 2)
        guard case let .stored(stored) = batch.events[0] else { Issue.record("no BlockStored"); return }
        #expect(stored.blockHashes == [UInt64.max, 42, 1 << 63])
        #expect(stored.medium == nil && stored.tier.medium == "GPU")
        #expect(batch.events[1] == .removed(BlockRemoved(blockHashes: [42])))
    }

    /// BlockStored as each vLLM version wrote it positionally: 5 fields (v0.9), + medium,
    /// + lora_name, + extra_keys, + group_idx/spec kind/window.
    @Test(arguments: [5, 6, 7, 8, 11])
    func storedFieldHistory(fields: Int) throws {
        let values: [MsgPackValue] = [
            .string("BlockStored"), .array([.int(.unsigned(7)), .int(.unsigned(8))]), .int(.unsigned(6)),
            .array((0..<8).map { .int(.unsigned(UInt64($0))) }), .int(.unsigned(4)), .nil_, .string("CPU"),
            .string("adapter"), .array([.nil_, .array([.string("mm"), .int(.unsigned(1))])]), .int(.unsigned(2)),
            .string("sliding_window"), .int(.unsigned(128)),
        ]
        for outer in [false, true] {
            var writer = MsgPackWriter()
            let event = MsgPackValue.array(Array(values[0...fields]))
            writer.write(outer ? .map([(.string("ts"), .float(1)), (.string("events"), .array([event]))])
                               : .array([.float(1), .array([event])]))
            let batch = try KVEventDecoder.decode(writer.bytes)
            guard case let .stored(stored) = batch.events[0] else { Issue.record("not stored"); return }
            #expect(stored.blockHashes == [7, 8] && stored.parentBlockHash == 6 && stored.blockSize == 4)
            #expect(stored.tokens(ofBlock: 1) == [4, 5, 6, 7])
            #expect(stored.medium == (fields >= 6 ? "CPU" : nil))
            #expect(stored.loraName == (fields >= 7 ? "adapter" : nil))
            #expect(stored.groupIndex == (fields >= 9 ? 2 : nil))
            #expect(stored.slidingWindow == (fields >= 11 ? 128 : nil))
        }
    }

    @Test func removedAndClearedInBothEncodingsEqualTheEncodersOutput() throws {
        let batch = EventBatch(timestamp: 12.5, events: [
            .stored(BlockStored(blockHashes: [1, 2], parentBlockHash: nil, tokenIDs: [1, 2, 3, 4], blockSize: 2, medium: "GPU", groupIndex: 1, specKind: "full_attention")),
            .removed(BlockRemoved(blockHashes: [2], medium: "CPU", groupIndex: 3)),
            .allCleared,
        ], dataParallelRank: 1)
        for encoding in KVEventEncoding.allCases {
            #expect(try KVEventDecoder.decode(KVEventEncoder.encode(batch, as: encoding)) == batch, "\(encoding)")
        }
    }

    @Test func bytesHashesAreFoldedTheSameEveryTime() throws {
        var writer = MsgPackWriter()
        writer.write(MsgPackValue.array([.float(0), .array([.map([
            (.string("type"), .string("BlockRemoved")), (.string("block_hashes"), .array([.binary([1, 2, 3])])),
            (.string("medium"), .nil_), (.string("locality"), .string("local")),  // a later field: skipped
        ])])]))
        let batch = try KVEventDecoder.decode(writer.bytes)
        #expect(batch.events == [.removed(BlockRemoved(blockHashes: [BlockHash.folding([1, 2, 3] as [UInt8])]))])
    }

    @Test func unknownEventTypesAreSkipped() throws {
        var writer = MsgPackWriter()
        writer.write(MsgPackValue.array([.float(0), .array([.array([.string("BlockUpdated"), .int(.unsigned(1))]),
                                                         .map([(.string("type"), .string("Future")), (.string("x"), .nil_)]),
                                                         .array([.string("AllBlocksCleared")])])]))
        #expect(try KVEventDecoder.decode(writer.bytes).events == [.allCleared])
    }

    @Test func wrongFramesNameTheField() {
        func fails(_ value: MsgPackValue, _ expected: String) {
            var writer = MsgPackWriter()
            writer.write(value)
            #expect(throws: KVEventError.self) { try KVEventDecoder.decode(writer.bytes) }
            do { _ = try KVEventDecoder.decode(writer.bytes) } catch { #expect(error.description == expected) }
        }
        fails(.string("hello"), "an EventBatch must be an array or a map, found a string")
        fails(.array([.float(0), .array([.array([.string("BlockStored"), .string("x"), .nil_, .array([]), .int(.unsigned(16))])])]),
              "events[0].block_hashes: msgpack has a string at byte 24 where an array was expected")
        fails(.array([.float(0), .array([.map([(.string("type"), .string("BlockRemoved")), (.string("block_hashes"), .array([.float(1)]))])])]),
              "events[0].block_hashes: a block hash must be an integer or bytes, found a float")
        fails(.array([.float(0), .array([.map([(.string("block_hashes"), .array([]))])])]),
              "events[0]: an event map needs a type key (BlockStored, BlockRemoved or AllBlocksCleared)")
        fails(.map([(.string("ts"), .float(0))]), "an EventBatch map needs an events key")
        fails(.array([.float(0), .array([.array([.string("BlockStored"), .array([]), .nil_, .array([]), .int(.unsigned(0))])])]),
              "events[0]: BlockStored.block_size 0 is not between 1 and 1048576")
        fails(.array([.string("x"), .array([])]), "ts: msgpack has a string at byte 1 where a number was expected")
    }

    @Test func truncatedAndHugeFramesFailCleanly() throws {
        let whole = KVEventEncoder.encode(EventBatch(timestamp: 1, events: [
            .stored(BlockStored(blockHashes: [1, 2, 3], parentBlockHash: 9, tokenIDs: Array(0..<12), blockSize: 4))]), as: .map)
        for cut in 0..<whole.count {
            #expect(throws: KVEventError.self) { try KVEventDecoder.decode(Array(whole[..<cut])) }
        }
        // 10 million hashes claimed by a 5-byte array32 header inside a short frame.
        let header: [UInt8] = [0x92, 0xcb, 0, 0, 0, 0, 0, 0, 0, 0, 0x91, 0x92, 0xac] + Array("BlockRemoved".utf8) + [0xdd, 0x00, 0x98, 0x96, 0x80, 1]
        #expect(throws: KVEventError.self) { try KVEventDecoder.decode(header) }
        let deep = [0x92, 0xcb, 0, 0, 0, 0, 0, 0, 0, 0, 0x91, 0x93, 0xab] + Array("BlockStored".utf8) + [UInt8](repeating: 0x91, count: 50_000)
        #expect(throws: KVEventError.self) { try KVEventDecoder.decode(deep) }
    }
}
