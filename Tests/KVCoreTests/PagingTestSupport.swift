@testable import KVCore

/// SplitMix64: a tiny seeded generator so randomised tests replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SequenceID: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension BlockID: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int32) { self.init(value) }
}

/// Hashers that collide on purpose, to prove a collision never hands out the wrong K/V.
enum CollidingHasher: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The built-in hasher, as a control.
    case builtIn
    /// Hashes only the block's own tokens: equal blocks at different places or after different
    /// prefixes share a hash.
    case ignoresPrefix
    /// Three buckets for everything.
    case threeBuckets
    /// One bucket for everything.
    case constant

    var hasher: BlockHasher {
        switch self {
        case .builtIn: .default
        case .ignoresPrefix: BlockHasher { _, tokens in BlockHash(tokens.reduce(7) { $0 &* 31 &+ UInt64(UInt32(bitPattern: $1)) }) }
        case .threeBuckets: BlockHasher { _, tokens in BlockHash(UInt64(tokens.reduce(0) { $0 &+ Int($1) } % 3)) }
        case .constant: BlockHasher { _, _ in BlockHash(42) }
        }
    }

    var description: String { rawValue }
}

extension KVCacheManager {
    /// A small manager for hand-checked scenarios: 4-token blocks.
    static func small(blocks: Int = 8, prefixCaching: Bool = true, events: Bool = false, hasher: BlockHasher = .default) -> KVCacheManager {
        KVCacheManager(numBlocks: blocks, blockSize: 4, enablePrefixCaching: prefixCaching, recordsEvents: events, hasher: hasher)
    }

    /// Allocates and commits every token, so full blocks are published.
    @discardableResult
    mutating func admitComputed(_ seq: SequenceID, _ tokens: [TokenID]) -> AllocationResult? {
        guard let result = allocate(seq, tokens: tokens) else { return nil }
        commit(seq, computedTokens: tokens.count)
        return result
    }
}

/// `count` distinct tokens starting at `start`.
func run(_ start: TokenID, _ count: Int) -> [TokenID] { (0 ..< count).map { start + TokenID($0) } }
