/// A set of small non-negative integers (block ids, request positions) as a bit per integer:
/// inserting and testing cost a shift and a mask, no hashing, and an empty set over 8,000
/// blocks is 125 words. What a snapshot patch uses to gather the blocks and requests a step
/// changed without counting any twice.
struct IndexSet64 {
    private var words: [UInt64]

    /// Room for `0..<capacity`.
    init(capacity: Int) {
        words = [UInt64](repeating: 0, count: (max(0, capacity) + 63) / 64)
    }

    func contains(_ value: Int) -> Bool {
        value >= 0 && value >> 6 < words.count && words[value >> 6] & (1 << UInt64(value & 63)) != 0
    }

    /// Adds `value` (ignored outside the capacity); true when it was not in the set.
    @discardableResult
    mutating func insert(_ value: Int) -> Bool {
        guard value >= 0, value >> 6 < words.count else { return false }
        let bit: UInt64 = 1 << UInt64(value & 63)
        if words[value >> 6] & bit != 0 { return false }
        words[value >> 6] |= bit
        return true
    }
}
