/// The prefix-cache searches of vLLM v1's hybrid manager, as pure functions of "is logical
/// block i cached in this group?", so that the design doc's pictures can be checked directly.
///
/// Lengths are in blocks. `maxBlocks` is the most a hit may cover: the full blocks of the
/// prompt, less the last token, which is always computed so the model produces a next token.
public enum HybridPrefixSearch {
    /// Full attention needs every earlier block: the run of cached blocks from the start.
    public static func fullAttentionHit(maxBlocks: Int, isCached: (Int) -> Bool) -> Int {
        var length = 0
        while length < maxBlocks && isCached(length) { length += 1 }
        return length
    }

    /// A sliding window needs only the blocks the next token attends to: `contiguous` cached
    /// blocks in a row ending at the hit. The search walks from the right (the longest hit
    /// first) and stops at the first run long enough. Without one, a run that starts at block 0
    /// is still a hit (the window reaches the start of the sequence), however short.
    public static func slidingWindowHit(maxBlocks: Int, contiguous: Int, isCached: (Int) -> Bool) -> Int {
        var run = 0
        var logical = maxBlocks - 1
        while logical >= 0 {
            if isCached(logical) {
                run += 1
                if run >= contiguous { return logical + run }
            } else {
                run = 0
            }
            logical -= 1
        }
        return run
    }

    /// The hit of a model with several groups: the longest prefix that is a hit in every group.
    /// Each group in turn may shorten the candidate (full attention: its run from the start;
    /// sliding: its search from the right within the candidate); a shortened candidate is
    /// checked again by every group, until no group shortens it. Full-attention groups go first:
    /// their scan from the left bounds the sliding groups' scan from the right.
    public static func hybridHit(maxBlocks: Int, groups: [GroupAttention], blockSize: Int,
                                 isCached: (_ group: Int, _ logical: Int) -> Bool) -> Int {
        let order = groups.indices.sorted { (groups[$0].window == nil ? 0 : 1, $0) < (groups[$1].window == nil ? 0 : 1, $1) }
        var candidate = maxBlocks
        while true {
            var shortened = candidate
            for group in order {
                switch groups[group] {
                case .full:
                    shortened = fullAttentionHit(maxBlocks: shortened) { isCached(group, $0) }
                case .slidingWindow(let window):
                    let contiguous = (window - 1 + blockSize - 1) / blockSize
                    shortened = slidingWindowHit(maxBlocks: shortened, contiguous: contiguous) { isCached(group, $0) }
                }
            }
            if shortened == candidate { return candidate }
            candidate = shortened
        }
    }
}
