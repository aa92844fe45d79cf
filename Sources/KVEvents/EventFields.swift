/// The fields of one event as they are read, in either encoding, before its type is known.
struct EventFields {
    enum Kind { case stored, removed, cleared }

    /// Field order of the positional (array) encoding, after the type tag.
    static let storedOrder = ["block_hashes", "parent_block_hash", "token_ids", "block_size", "lora_id", "medium",
                              "lora_name", "extra_keys", "group_idx", "kv_cache_spec_kind", "kv_cache_spec_sliding_window"]
    static let removedOrder = ["block_hashes", "medium", "group_idx"]

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

    /// Reads the value of field `name`; unknown names are skipped.
    mutating func read(_ name: String, into parser: inout BatchParser) throws {
        parser.field = name
        switch name {
        case "block_hashes": hashes = try parser.hashes()
        case "parent_block_hash": parent = try parser.optionalHash()
        case "token_ids": tokens = try parser.tokens()
        case "block_size": blockSize = try parser.optionalInt()
        case "lora_id": loraID = try parser.optionalInt()
        case "medium": medium = try parser.optionalString()
        case "lora_name": loraName = try parser.optionalString()
        case "group_idx": groupIndex = try parser.optionalInt()
        case "kv_cache_spec_kind": specKind = try parser.optionalString()
        case "kv_cache_spec_sliding_window": slidingWindow = try parser.optionalInt()
        default: try parser.reader.skipValue()  // extra_keys and fields of later versions
        }
    }

    func event(tag: Kind, parser: BatchParser) throws -> KVEvent {
        switch tag {
        case .cleared:
            return .allCleared
        case .removed:
            guard let hashes else { throw parser.fail("BlockRemoved has no block_hashes") }
            return .removed(BlockRemoved(blockHashes: hashes, medium: medium, groupIndex: groupIndex))
        case .stored:
            guard let hashes else { throw parser.fail("BlockStored has no block_hashes") }
            guard let blockSize else { throw parser.fail("BlockStored has no block_size") }
            guard blockSize > 0, blockSize <= 1 << 20 else {
                throw parser.fail("BlockStored.block_size \(blockSize) is not between 1 and 1048576")
            }
            return .stored(BlockStored(
                blockHashes: hashes, parentBlockHash: parent, tokenIDs: tokens ?? [], blockSize: blockSize,
                loraID: loraID, medium: medium, loraName: loraName, groupIndex: groupIndex,
                specKind: specKind, slidingWindow: slidingWindow))
        }
    }
}
