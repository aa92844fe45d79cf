import KVBase
import Foundation

/// A parsed `.kvtrace` file (see `Tests/Fixtures/traces/README.md`): every call a scheduler made on its
/// block manager, in a compact form for fast replay, plus the totals the last line expects.
public struct KVTrace: Sendable {
    /// One block-manager call. Prompts live in `prompts`, so an op is a few machine words.
    public enum Op: Equatable, Sendable {
        /// `alloc`: a new sequence holding `prompts[prompt]`; `hit` blocks hit when recorded.
        case allocate(SequenceID, prompt: Int, hit: Int)
        /// `commit`: the first `computed` tokens of the sequence are computed.
        case commit(SequenceID, computed: Int)
        /// `append`: one token joins the sequence.
        case append(SequenceID, TokenID)
        /// `free`: the sequence releases its blocks.
        case free(SequenceID)
    }

    /// The file as the user named it, for error messages.
    public let path: String
    public let blockSize: Int
    public let numBlocks: Int
    /// The header's `seed`, when present (describes the generating run).
    public let seed: Int?
    public internal(set) var ops: [Op] = [] {
        didSet { (compactOps, recordedHits) = Self.compact(ops) }
    }
    /// `ops` as the replay loop reads them (kept in step with `ops`).
    private(set) var compactOps: [CompactOp] = []
    /// The `hit` of each `alloc`, indexed by prompt (-1 when the trace did not record it).
    private(set) var recordedHits: [Int] = []
    /// Line number (1-based) of each op, parallel to `ops`.
    public internal(set) var lines: [Int] = []
    /// Token ids of each `alloc`, indexed by `Op.allocate`'s `prompt`.
    public internal(set) var prompts: [[TokenID]] = []
    /// The integer fields of the `end` line's `expect` object; nil when the trace has no `end`
    /// line (then a replay just reports its totals).
    public internal(set) var expected: [String: Int]?
}
