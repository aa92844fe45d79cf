import MsgPack

/// Reads one msgpack payload of vLLM's KV-event stream into an `EventBatch`.
///
/// Both encodings vLLM has used, at both levels, in any mix: up to about v0.23 the batch and its
/// events were positional arrays (`[ts, events, rank]`, `["BlockStored", hashes, parent, tokens,
/// block_size, lora_id, medium, lora_name, extra_keys, group_idx, spec_kind, window]`, shorter in
/// older versions and with trailing defaults omitted); since PR #42892 events are maps tagged by
/// `type` (v0.26 captures show the batch still an array around map events). Unknown map keys and
/// extra trailing positions are skipped; an event type kvviz does not know is counted, not fatal.
public enum KVEventDecoder {
    public static func decode(_ bytes: [UInt8]) throws(KVEventError) -> EventBatch {
        var parser = BatchParser(reader: MsgPackReader(bytes, maxDepth: KVEventLimits.depth))
        do {
            let batch = try parser.batch()
            try parser.reader.finish()
            return batch
        } catch let error as KVEventError {
            throw error
        } catch let error as MsgPackError {
            throw KVEventError(path: parser.path, error)
        } catch {
            throw KVEventError(path: parser.path, reason: "\(error)")
        }
    }
}

struct BatchParser {
    var reader: MsgPackReader
    var eventIndex: Int?
    var field = ""
    /// The event field being read (named in errors without building a String per key).
    var fieldName: EventFields.Field?

    var path: String {
        let event = eventIndex.map { "events[\($0)]" } ?? ""
        let field = fieldName?.name ?? self.field
        if event.isEmpty { return field }
        return field.isEmpty ? event : event + "." + field
    }

    func fail(_ reason: String) -> KVEventError { KVEventError(path: path, reason: reason) }

    mutating func batch() throws -> EventBatch {
        var result = EventBatch(timestamp: 0, events: [])
        switch try reader.peekKind() {
        case .array:
            let count = try reader.readArrayHeader()
            guard count >= 2 else { throw fail("an EventBatch array needs ts and events, found \(count) elements") }
            fieldName = nil; field = "ts"; result.timestamp = try reader.readDouble()
            fieldName = nil; field = "events"; result.events = try events()
            if count >= 3 { fieldName = nil; field = "data_parallel_rank"; result.dataParallelRank = try optionalInt() }
            fieldName = nil; field = ""
            for _ in 3..<max(3, count) { try reader.skipValue() }
        case .map:
            let count = try reader.readMapHeader()
            var sawEvents = false
            for _ in 0..<count {
                fieldName = nil; field = ""
                let key = try reader.readStringRange()
                if reader.bytes(in: key, equal: "ts") { fieldName = nil; field = "ts"; result.timestamp = try reader.readDouble() }
                else if reader.bytes(in: key, equal: "events") { fieldName = nil; field = "events"; result.events = try events(); sawEvents = true }
                else if reader.bytes(in: key, equal: "data_parallel_rank") { fieldName = nil; field = "data_parallel_rank"; result.dataParallelRank = try optionalInt() }
                else { try reader.skipValue() }
            }
            fieldName = nil; field = ""
            guard sawEvents else { throw fail("an EventBatch map needs an events key") }
        default:
            throw fail("an EventBatch must be an array or a map, found \(try reader.peekKind().name)")
        }
        return result
    }

    mutating func events() throws -> [KVEvent] {
        let count = try reader.readArrayHeader()
        guard count <= KVEventLimits.eventsPerBatch else { throw fail("\(count) events in one batch (at most \(KVEventLimits.eventsPerBatch))") }
        var list: [KVEvent] = []
        list.reserveCapacity(count)
        for index in 0..<count {
            eventIndex = index
            fieldName = nil; field = ""
            if let event = try event() { list.append(event) }
        }
        eventIndex = nil
        return list
    }

    /// One event, or nil for a type kvviz does not know (skipped).
    mutating func event() throws -> KVEvent? {
        switch try reader.peekKind() {
        case .array: return try positionalEvent()
        case .map: return try taggedEvent()
        default: throw fail("an event must be an array or a map, found \(try reader.peekKind().name)")
        }
    }

    mutating func positionalEvent() throws -> KVEvent? {
        let count = try reader.readArrayHeader()
        guard count >= 1 else { throw fail("an event array needs its type first, found an empty array") }
        fieldName = nil; field = "type"
        let tag = try reader.readStringRange()
        var fields = EventFields()
        let names: [EventFields.Field]
        let kind: EventFields.Kind
        if reader.bytes(in: tag, equal: "BlockStored") {
            names = EventFields.storedOrder
            kind = .stored
            guard count >= 5 else { throw fail("a BlockStored array needs at least 4 fields, found \(count - 1)") }
        } else if reader.bytes(in: tag, equal: "BlockRemoved") {
            names = EventFields.removedOrder
            kind = .removed
            guard count >= 2 else { throw fail("a BlockRemoved array needs block_hashes") }
        } else if reader.bytes(in: tag, equal: "AllBlocksCleared") {
            names = []
            kind = .cleared
        } else {
            for _ in 1..<count { try reader.skipValue() }
            return nil
        }
        for position in 1..<count {
            if position - 1 < names.count { try fields.read(names[position - 1], into: &self) } else { try reader.skipValue() }
        }
        fieldName = nil; field = ""
        return try fields.event(tag: kind, parser: self)
    }

    mutating func taggedEvent() throws -> KVEvent? {
        let count = try reader.readMapHeader()
        var fields = EventFields()
        var kind: EventFields.Kind?
        var unknownType = false
        for _ in 0..<count {
            fieldName = nil; field = ""
            let key = try reader.readStringRange()
            if reader.bytes(in: key, equal: "type") {
                fieldName = nil; field = "type"
                let tag = try reader.readStringRange()
                if reader.bytes(in: tag, equal: "BlockStored") { kind = .stored }
                else if reader.bytes(in: tag, equal: "BlockRemoved") { kind = .removed }
                else if reader.bytes(in: tag, equal: "AllBlocksCleared") { kind = .cleared }
                else { unknownType = true }
            } else {
                try fields.read(EventFields.Field.named(key, in: reader), into: &self)
            }
        }
        fieldName = nil; field = ""
        if unknownType { return nil }
        guard let kind else { throw fail("an event map needs a type key (BlockStored, BlockRemoved or AllBlocksCleared)") }
        return try fields.event(tag: kind, parser: self)
    }

    // MARK: Field values

    mutating func optionalInt() throws -> Int? {
        if try reader.readNil() { return nil }
        return try reader.readInt()
    }

    mutating func optionalString() throws -> String? {
        if try reader.readNil() { return nil }
        return try reader.readString()
    }

    /// A medium: "GPU" and "CPU" (nearly every event) without decoding a new String.
    mutating func optionalMedium() throws -> String? {
        if try reader.readNil() { return nil }
        let start = reader.offset
        let range = try reader.readStringRange()
        if reader.bytes(in: range, equal: "GPU") { return "GPU" }
        if reader.bytes(in: range, equal: "CPU") { return "CPU" }
        return try reader.string(in: range, at: start)
    }

    mutating func hash() throws -> BlockHash {
        switch try reader.peekKind() {
        case .int: return try reader.readInteger().bitPattern
        case .binary: return BlockHash.folding(try reader.readBinary())
        default: throw fail("a block hash must be an integer or bytes, found \(try reader.peekKind().name)")
        }
    }

    mutating func optionalHash() throws -> BlockHash? {
        if try reader.readNil() { return nil }
        return try hash()
    }

    mutating func hashes() throws -> [BlockHash] {
        if let fast = try reader.readBitPatternArray(limit: KVEventLimits.hashesPerEvent) { return fast }
        let count = try reader.readArrayHeader()
        guard count <= KVEventLimits.hashesPerEvent else { throw fail("\(count) block hashes in one event (at most \(KVEventLimits.hashesPerEvent))") }
        var list: [BlockHash] = []
        list.reserveCapacity(count)
        for _ in 0..<count { list.append(try hash()) }
        return list
    }

    mutating func tokens() throws -> [Int32] {
        if let fast = try reader.readInt32Array(limit: KVEventLimits.tokensPerEvent) { return fast }
        let count = try reader.readArrayHeader()
        guard count <= KVEventLimits.tokensPerEvent else { throw fail("\(count) token ids in one event (at most \(KVEventLimits.tokensPerEvent))") }
        var list: [Int32] = []
        list.reserveCapacity(count)
        for _ in 0..<count {
            let value = try reader.readInt64()
            guard let token = Int32(exactly: value) else { throw fail("token id \(value) is out of range") }
            list.append(token)
        }
        return list
    }
}
