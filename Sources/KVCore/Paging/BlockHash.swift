/// The prefix-cache key of one full block: a hash of the previous block's hash and this block's
/// token ids, so equal keys mean (with high probability) an equal token prefix up to and
/// including this block, not just equal tokens in this block.
public struct BlockHash: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// The top 32 bits as 8 hex digits: enough to tell blocks apart on screen.
    public var description: String { hex(value >> 32, digits: 8) }

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
    private static let prime4: UInt64 = 0xD6E8_FEB8_6659_FD93

    /// Four tokens per round, and the rounds independent of each other: each folds a 128-bit
    /// product of its two 64-bit words (keyed by the round's position, so reordered groups
    /// hash differently), and the folds are xor-ed together. The multiplies can all run at
    /// once, instead of one waiting for the other as in a chained round function; a block of
    /// 16 tokens costs four of them plus one to bind the parent hash and the length, then a
    /// murmur3 finaliser. The chain to the parent stays: equal hashes still mean (with high
    /// probability) an equal prefix.
    @inline(__always)
    private static func mix(parent: UInt64?, tokens: UnsafeBufferPointer<TokenID>) -> UInt64 {
        let count = tokens.count
        var folded: UInt64 = 0
        var key = prime4
        var index = 0
        while index + 4 <= count {
            let low = word(tokens[index], tokens[index + 1])
            let high = word(tokens[index + 2], tokens[index + 3])
            folded ^= fold(low ^ key, high ^ (key &+ prime2))
            key = key &+ prime1
            index += 4
        }
        if index < count {
            // One to three tokens left: zero padding, told apart from real zeros by the length.
            let low = word(tokens[index], index + 1 < count ? tokens[index + 1] : 0)
            let high = index + 2 < count ? word(tokens[index + 2], 0) : 0
            folded ^= fold(low ^ key, high ^ (key &+ prime2))
        }
        let seed = parent.map { $0 ^ prime3 } ?? rootSeed
        var state = fold(folded ^ seed, (UInt64(count) &* prime1) ^ prime2)
        state ^= state >> 33
        state = state &* 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        state = state &* 0xC4CE_B9FE_1A85_EC53
        state ^= state >> 33
        return state
    }

    /// Two token ids as one 64-bit word, the first in the low half.
    @inline(__always)
    private static func word(_ first: TokenID, _ second: TokenID) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) | UInt64(UInt32(bitPattern: second)) << 32
    }

    /// The high and low halves of the full product, xor-ed: every input bit reaches the middle
    /// of the product, and the fold brings the middle to both ends.
    @inline(__always)
    private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }
}
