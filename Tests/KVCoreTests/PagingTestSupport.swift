import KVBase
@testable import KVCore

/// The randomised tests' seeded generator: the project's one SplitMix64 (KVBase).
typealias SeededGenerator = SplitMix64

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
