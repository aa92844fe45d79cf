/// The prefix-cache key of one full block: a hash of the previous block's hash and this block's
/// token ids, so equal keys mean (with high probability) an equal token prefix up to and
/// including this block, not just equal tokens in this block.
public struct BlockHash: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// The top 32 bits as 8 hex digits: enough to tell blocks apart on screen.
    public var description: String { hex(value >> 32, digits: 8) }

    /// All 64 bits as 16 hex digits, for the inspector.
    public var fullHex: String { hex(value, digits: 16) }

    private func hex(_ bits: UInt64, digits: Int) -> String {
        let text = String(bits, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

/// How a full block's hash is chained from its parent's hash and its token ids.
///
/// The default is a fast 64-bit mix (vLLM uses sha256 or xxhash over pickled keys; kvviz has no
/// extra keys and wants tens of millions of operations per second). Tests inject a custom
/// hasher to force collisions and check that a collision never hands out another sequence's
/// K/V: the manager compares token ids and the block's lineage on every hit, see
/// `KVCacheManager.allocate`.
public struct BlockHasher: Sendable {
    /// A custom hasher: `parent` is nil for a sequence's first block.
    public typealias Combine = @Sendable (_ parent: BlockHash?, _ tokens: [TokenID]) -> BlockHash

    private let custom: Combine?

    /// The built-in hasher.
    public static let `default` = BlockHasher(custom: nil)

    /// A hasher that calls `combine` for every full block (slower: it builds an array per call).
    public init(_ combine: @escaping Combine) { self.custom = combine }

    private init(custom: Combine?) { self.custom = custom }

    /// The hash of a block holding `tokens` whose predecessor hashed to `parent`.
    public func hash(parent: BlockHash?, tokens: [TokenID]) -> BlockHash {
        tokens.withUnsafeBufferPointer { hash(parent: parent, tokens: $0) }
    }

    @inline(__always)
    func hash(parent: BlockHash?, tokens: UnsafeBufferPointer<TokenID>) -> BlockHash {
        if let custom { return custom(parent, Array(tokens)) }
        return BlockHash(Self.mix(parent: parent?.value, tokens: tokens))
    }

    private static let rootSeed: UInt64 = 0x6B76_7669_7A5F_726F  // "kvviz_ro"
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9

    /// xxhash64-style rounds over two tokens at a time, then a murmur3 finaliser.
    @inline(__always)
    private static func mix(parent: UInt64?, tokens: UnsafeBufferPointer<TokenID>) -> UInt64 {
        var state = parent.map { $0 ^ prime3 } ?? rootSeed
        state = state &+ UInt64(tokens.count) &* prime1
        var index = 0
        while index + 1 < tokens.count {
            let word = UInt64(UInt32(bitPattern: tokens[index]))
                | UInt64(UInt32(bitPattern: tokens[index + 1])) << 32
            state = rotate(state ^ (word &* prime2), by: 31) &* prime1
            index += 2
        }
        if index < tokens.count {
            state = rotate(state ^ (UInt64(UInt32(bitPattern: tokens[index])) &* prime1), by: 23) &* prime2
        }
        state ^= state >> 33
        state = state &* 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        state = state &* 0xC4CE_B9FE_1A85_EC53
        state ^= state >> 33
        return state
    }

    @inline(__always)
    private static func rotate(_ value: UInt64, by bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }
}
