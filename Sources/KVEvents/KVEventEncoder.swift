import MsgPack

/// Writes event batches as vLLM's publisher does (msgspec, `omit_defaults=True`), in either
/// encoding: `.array` as up to about v0.23 (`array_like` structs, trailing defaults omitted),
/// `.map` as since PR #42892 (tagged maps, fields in declaration order, defaults omitted).
public enum KVEventEncoding: String, Sendable, CaseIterable {
    case array, map
}

public enum KVEventEncoder {
    public static func encode(_ batch: EventBatch, as encoding: KVEventEncoding) -> [UInt8] {
        var writer = MsgPackWriter(capacity: 64 + batch.events.count * 48)
        switch encoding {
        case .array:
            writer.writeArrayHeader(batch.dataParallelRank == nil ? 2 : 3)
            writer.write(batch.timestamp)
            writer.writeArrayHeader(batch.events.count)
            for event in batch.events { writeArray(event, to: &writer) }
            if let rank = batch.dataParallelRank { writer.write(rank) }
        case .map:
            writer.writeMapHeader(batch.dataParallelRank == nil ? 2 : 3)
            writer.write("ts"); writer.write(batch.timestamp)
            writer.write("events"); writer.writeArrayHeader(batch.events.count)
            for event in batch.events { writeMap(event, to: &writer) }
            if let rank = batch.dataParallelRank { writer.write("data_parallel_rank"); writer.write(rank) }
        }
        return writer.bytes
    }

    /// One field value: nil, an integer, a string, hashes or tokens.
    enum Value {
        case none, int(Int), string(String), hash(BlockHash), hashes([BlockHash]), tokens([Int32])

        init(_ int: Int?) { self = int.map(Value.int) ?? .none }
        init(_ string: String?) { self = string.map(Value.string) ?? .none }

        func write(to writer: inout MsgPackWriter) {
            switch self {
            case .none: writer.writeNil()
            case let .int(value): writer.write(value)
            case let .string(value): writer.write(value)
            case let .hash(value): writer.write(unsigned: value)
            case let .hashes(list): writer.writeArrayHeader(list.count); list.forEach { writer.write(unsigned: $0) }
            case let .tokens(list): writer.writeArrayHeader(list.count); list.forEach { writer.write(Int64($0)) }
            }
        }

        var isNone: Bool { if case .none = self { return true } else { return false } }
    }

    /// The type tag, the fields in declaration order, and how many leading fields have no default
    /// (those are always written; the rest only when set).
    static func fields(of event: KVEvent) -> (tag: String, fields: [(String, Value)], required: Int) {
        switch event {
        case let .stored(stored):
            return ("BlockStored", [
                ("block_hashes", .hashes(stored.blockHashes)),
                ("parent_block_hash", stored.parentBlockHash.map(Value.hash) ?? .none),
                ("token_ids", .tokens(stored.tokenIDs)),
                ("block_size", .int(stored.blockSize)),
                ("lora_id", Value(stored.loraID)),
                ("medium", Value(stored.medium)),
                ("lora_name", Value(stored.loraName)),
                ("extra_keys", .none),
                ("group_idx", Value(stored.groupIndex)),
                ("kv_cache_spec_kind", Value(stored.specKind)),
                ("kv_cache_spec_sliding_window", Value(stored.slidingWindow)),
            ], 7)
        case let .removed(removed):
            return ("BlockRemoved", [
                ("block_hashes", .hashes(removed.blockHashes)),
                ("medium", Value(removed.medium)),
                ("group_idx", Value(removed.groupIndex)),
            ], 2)
        case .allCleared:
            return ("AllBlocksCleared", [], 0)
        }
    }

    static func writeArray(_ event: KVEvent, to writer: inout MsgPackWriter) {
        let (tag, fields, required) = fields(of: event)
        var count = fields.count
        while count > required, fields[count - 1].1.isNone { count -= 1 }  // trailing defaults omitted
        writer.writeArrayHeader(1 + count)
        writer.write(tag)
        for index in 0..<count { fields[index].1.write(to: &writer) }
    }

    static func writeMap(_ event: KVEvent, to writer: inout MsgPackWriter) {
        let (tag, fields, required) = fields(of: event)
        let kept = fields.enumerated().filter { $0.offset < required || !$0.element.1.isNone }.map(\.element)
        writer.writeMapHeader(1 + kept.count)
        writer.write("type"); writer.write(tag)
        for (name, value) in kept { writer.write(name); value.write(to: &writer) }
    }
}
