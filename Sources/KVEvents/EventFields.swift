import MsgPack

/// The fields of one event as they are read, in either encoding, before its type is known.
struct EventFields {
    enum Kind { case stored, removed, cleared }

    /// The fields kvviz reads, by their wire names.
    enum Field: Int, CaseIterable {
        case blockHashes, parentBlockHash, tokenIDs, blockSize, loraID, medium, loraName, extraKeys, groupIndex, specKind, slidingWindow

        static let names: [StaticString] = ["block_hashes", "parent_block_hash", "token_ids", "block_size", "lora_id", "medium",
                                            "lora_name", "extra_keys", "group_idx", "kv_cache_spec_kind", "kv_cache_spec_sliding_window"]
        var name: String { Self.names[rawValue].description }

        /// The field a map key names (compared as bytes, no String made), or nil for another key.
        static func named(_ range: Range<Int>, in reader: MsgPackReader) -> Field? {
            let candidate: Field?
            switch (range.count, range.isEmpty ? 0 : reader.bytes[range.lowerBound]) {
            case (12, UInt8(ascii: "b")): candidate = .blockHashes
            case (17, _): candidate = .parentBlockHash
            case (9, UInt8(ascii: "t")): candidate = .tokenIDs
            case (10, UInt8(ascii: "b")): candidate = .blockSize
            case (7, _): candidate = .loraID
            case (6, _): candidate = .medium
            case (9, UInt8(ascii: "l")): candidate = .loraName
            case (10, UInt8(ascii: "e")): candidate = .extraKeys
            case (9, UInt8(ascii: "g")): candidate = .groupIndex
            case (18, _): candidate = .specKind
            case (28, _): candidate = .slidingWindow
            default: candidate = nil
            }
            guard let candidate, reader.bytes(in: range, equal: names[candidate.rawValue]) else { return nil }
            return candidate
        }
    }

    /// Field order of the positional (array) encoding, after the type tag.
    static let storedOrder: [Field] = Field.allCases
    static let removedOrder: [Field] = [.blockHashes, .medium, .groupIndex]

    var hashes: [BlockHash]?
    var parent: BlockHash?
    var tokens: [Int32]?
    var blockSize: Int?
    var loraID: Int?
    var medium: String?
    var loraName: String?
    var groupIndex: Int?
    var specKind: String?
    var slidingWindow: Int?

    /// Reads the value of `field`; nil (a key kvviz does not read) is skipped.
    mutating func read(_ field: Field?, into parser: inout BatchParser) throws {
        parser.fieldName = field
        switch field {
        case .blockHashes?: hashes = try parser.hashes()
        case .parentBlockHash?: parent = try parser.optionalHash()
        case .tokenIDs?: tokens = try parser.tokens()
        case .blockSize?: blockSize = try parser.optionalInt()
        case .loraID?: loraID = try parser.optionalInt()
        case .medium?: medium = try parser.optionalMedium()
        case .loraName?: loraName = try parser.optionalString()
        case .groupIndex?: groupIndex = try parser.optionalInt()
        case .specKind?: specKind = try parser.optionalString()
        case .slidingWindow?: slidingWindow = try parser.optionalInt()
        case .extraKeys?, nil: try parser.reader.skipValue()  // extra_keys and fields of later versions
        }
    }

    /// The event the fields make (taking them: the arrays and strings move into it, no copy).
    mutating func event(tag: Kind, parser: BatchParser) throws -> KVEvent {
        switch tag {
        case .cleared:
            return .allCleared
        case .removed:
            guard let hashes = hashes.take() else { throw parser.fail("BlockRemoved has no block_hashes") }
            return .removed(BlockRemoved(blockHashes: hashes, medium: medium.take(), groupIndex: groupIndex))
        case .stored:
            guard let hashes = hashes.take() else { throw parser.fail("BlockStored has no block_hashes") }
            guard let blockSize else { throw parser.fail("BlockStored has no block_size") }
            guard blockSize > 0, blockSize <= 1 << 20 else {
                throw parser.fail("BlockStored.block_size \(blockSize) is not between 1 and 1048576")
            }
            return .stored(BlockStored(
                blockHashes: hashes, parentBlockHash: parent, tokenIDs: tokens.take() ?? [], blockSize: blockSize,
                loraID: loraID, medium: medium.take(), loraName: loraName.take(), groupIndex: groupIndex,
                specKind: specKind.take(), slidingWindow: slidingWindow))
        }
    }
}
