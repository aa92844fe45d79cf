/// vLLM's KV-cache events (`vllm/distributed/kv_events.py`), as kvviz keeps them.
///
/// A block hash is vLLM's `ExternalBlockHash`, an integer or bytes on the wire: an integer is
/// kept as its 64-bit pattern (vLLM publishes unsigned 64-bit hashes, some builds signed), bytes
/// are folded to 64 bits with FNV-1a (`BlockHash.folding`). Token ids are kept as a slice of the
/// event's own array, so storing a block copies no tokens.
public typealias BlockHash = UInt64

/// Where a cached block lives: vLLM's `medium` (GPU, CPU, ...; nil means GPU) and its KV cache
/// group (`group_idx`, nil means 0).
public struct CacheTier: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let medium: String
    public let group: Int

    public init(medium: String?, group: Int?) {
        self.medium = medium ?? "GPU"
        self.group = group ?? 0
    }

    /// GPU first, then the other media by name; groups in order.
    public static func < (lhs: CacheTier, rhs: CacheTier) -> Bool {
        if lhs.medium != rhs.medium {
            if lhs.medium == "GPU" { return true }
            if rhs.medium == "GPU" { return false }
            return lhs.medium < rhs.medium
        }
        return lhs.group < rhs.group
    }

    /// `GPU/0`: the key of `--json` output.
    public var description: String { "\(medium)/\(group)" }
}

public struct BlockStored: Equatable, Sendable {
    public var blockHashes: [BlockHash]
    public var parentBlockHash: BlockHash?
    public var tokenIDs: [Int32]
    public var blockSize: Int
    public var loraID: Int?
    public var medium: String?
    public var loraName: String?
    public var groupIndex: Int?
    public var specKind: String?
    public var slidingWindow: Int?

    public init(blockHashes: [BlockHash], parentBlockHash: BlockHash?, tokenIDs: [Int32], blockSize: Int,
                loraID: Int? = nil, medium: String? = nil, loraName: String? = nil, groupIndex: Int? = nil,
                specKind: String? = nil, slidingWindow: Int? = nil) {
        self.blockHashes = blockHashes
        self.parentBlockHash = parentBlockHash
        self.tokenIDs = tokenIDs
        self.blockSize = blockSize
        self.loraID = loraID
        self.medium = medium
        self.loraName = loraName
        self.groupIndex = groupIndex
        self.specKind = specKind
        self.slidingWindow = slidingWindow
    }

    public var tier: CacheTier { CacheTier(medium: medium, group: groupIndex) }

    /// The token ids of the `index`-th block, when the event carries them.
    public func tokens(ofBlock index: Int) -> ArraySlice<Int32> {
        let start = index * blockSize
        guard blockSize > 0, start < tokenIDs.count else { return [] }
        return tokenIDs[start..<min(start + blockSize, tokenIDs.count)]
    }
}

public struct BlockRemoved: Equatable, Sendable {
    public var blockHashes: [BlockHash]
    public var medium: String?
    public var groupIndex: Int?

    public init(blockHashes: [BlockHash], medium: String? = nil, groupIndex: Int? = nil) {
        self.blockHashes = blockHashes
        self.medium = medium
        self.groupIndex = groupIndex
    }

    public var tier: CacheTier { CacheTier(medium: medium, group: groupIndex) }
}

public enum KVEvent: Equatable, Sendable {
    case stored(BlockStored)
    case removed(BlockRemoved)
    case allCleared
}

/// vLLM's `EventBatch`: a timestamp (seconds since the epoch), events, and the data-parallel
/// rank that published them.
public struct EventBatch: Equatable, Sendable {
    public var timestamp: Double
    public var events: [KVEvent]
    public var dataParallelRank: Int?

    public init(timestamp: Double, events: [KVEvent], dataParallelRank: Int? = nil) {
        self.timestamp = timestamp
        self.events = events
        self.dataParallelRank = dataParallelRank
    }
}

extension BlockHash {
    /// A bytes hash folded to 64 bits (FNV-1a), the key kvviz keeps for it.
    public static func folding<Bytes: Collection>(_ bytes: Bytes) -> BlockHash where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
