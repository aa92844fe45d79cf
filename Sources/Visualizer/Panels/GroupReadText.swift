import Engine
import KVCore

/// A hybrid model's attention read in words, one figure per KV-cache group, each tagged as the
/// block tables tag the group's row (`full`, `~8` for a window of 8 tokens): what the grid's
/// title and the change strip say a decode query reads.
enum GroupReadText {
    /// `9 blocks (full) + 3 (~8)`, `9 块（全量）+ 3 块（~8）`.
    static func blocks(_ frame: Frame, _ reads: [GroupRead]) -> String {
        joined(frame, reads) { index, read, tag in
            index == 0 ? frame.tr("\(read.blocks) blocks (\(tag))", "\(read.blocks) 块（\(tag)）")
                       : frame.tr("\(read.blocks) (\(tag))", "\(read.blocks) 块（\(tag)）")
        }
    }

    /// `9 blocks / 34 K/V (full) + 3 / 8 (~8)`.
    static func blocksAndKV(_ frame: Frame, _ reads: [GroupRead]) -> String {
        joined(frame, reads) { index, read, tag in
            index == 0 ? frame.tr("\(read.blocks) blocks / \(read.kv) K/V (\(tag))", "\(read.blocks) 块 / \(read.kv) 个 K/V（\(tag)）")
                       : frame.tr("\(read.blocks) / \(read.kv) (\(tag))", "\(read.blocks) 块 / \(read.kv) 个（\(tag)）")
        }
    }

    /// `9 (full) + 3 (~8)`.
    static func tagged(_ frame: Frame, _ reads: [GroupRead]) -> String {
        joined(frame, reads) { _, read, tag in frame.tr("\(read.blocks) (\(tag))", "\(read.blocks)（\(tag)）") }
    }

    /// `9+3`: the blocks of each group, in group order.
    static func counts(_ reads: [GroupRead]) -> String { reads.map { String($0.blocks) }.joined(separator: "+") }

    /// `34+8`: the K/V of each group.
    static func kvCounts(_ reads: [GroupRead]) -> String { reads.map { String($0.kv) }.joined(separator: "+") }

    private static func joined(_ frame: Frame, _ reads: [GroupRead],
                               _ part: (_ index: Int, _ read: GroupRead, _ tag: String) -> String) -> String {
        reads.enumerated().map { index, read in part(index, read, BlockTables.groupTag(frame, read.attention)) }
            .joined(separator: frame.tr(" + ", "+ "))
    }
}
