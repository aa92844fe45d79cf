/// A token id as the tokenizer and the decoder see it. Traces and prompts use 32-bit ids.
public typealias TokenID = Int32

/// The index of one physical block in the pool, `0 ..< numBlocks`.
///
/// A strong wrapper so a block id is never mixed up with a logical block index, a slot or a
/// sequence id: all four are small integers in this module.
public struct BlockID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(_ rawValue: Int32) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = Int32(rawValue) }

    /// The id as an array index.
    public var index: Int { Int(rawValue) }

    public static func < (lhs: BlockID, rhs: BlockID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `#7`, the way the block grid and the narration name a block.
    public var description: String { "#\(rawValue)" }
}

/// The id of one sequence (a request, or one sample of a parallel-sampling request).
///
/// The manager keeps per-sequence state in arrays indexed by this id, so ids should be small and
/// dense (an engine numbers its requests 0, 1, 2, ...). An id can be reused once its sequence
/// has been freed, as a preempted request is when it is admitted again.
public struct SequenceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int

    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public static func < (lhs: SequenceID, rhs: SequenceID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `s3`, short enough for a block-table row label.
    public var description: String { "s\(rawValue)" }
}
