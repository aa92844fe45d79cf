/// The prefix cache's index, hash -> block, as an open-addressing table with linear probing.
///
/// A block holds at most one hash and the index maps each hash to one block, so it never holds
/// more entries than the pool has blocks: the table is sized once (at least twice the block
/// count, a power of two) and never grows. Keys are already mixed 64-bit hashes, so unlike
/// `Dictionary` it does not hash them again (it only spreads them with one multiply, which keeps
/// the table working with the deliberately poor hashers of the tests). Deletion shifts later
/// entries back instead of leaving tombstones, so lookups stay short after many evictions.
struct BlockHashIndex: Sendable {
    private static let empty: Int32 = -1

    private var keys: [UInt64]      // capacity
    private var blocks: [Int32]     // capacity; `empty` marks a free slot
    private let mask: Int
    private let shift: UInt64
    /// Entries held.
    private(set) var count = 0

    init(numBlocks: Int) {
        var capacity = 16
        var bits: UInt64 = 4
        while capacity < numBlocks * 2 {
            capacity <<= 1
            bits += 1
        }
        keys = Array(repeating: 0, count: capacity)
        blocks = Array(repeating: Self.empty, count: capacity)
        mask = capacity - 1
        shift = 64 - bits
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The block that holds `key`, if any.
    @inline(__always)
    func block(for key: UInt64) -> Int32? {
        var slot = home(key)
        while true {
            let block = blocks[slot]
            if block == Self.empty { return nil }
            if keys[slot] == key { return block }
            slot = (slot + 1) & mask
        }
    }

    /// Maps `key` to `block`, replacing the block it mapped to before.
    @inline(__always)
    mutating func set(_ key: UInt64, to block: Int32) {
        var slot = home(key)
        while blocks[slot] != Self.empty, keys[slot] != key { slot = (slot + 1) & mask }
        if blocks[slot] == Self.empty { count += 1 }
        keys[slot] = key
        blocks[slot] = block
    }

    /// Removes `key` if it maps to `block`; an older block holding the same hash leaves the entry
    /// of the newer one alone.
    @inline(__always)
    mutating func remove(_ key: UInt64, ifMappedTo block: Int32) {
        var slot = home(key)
        while true {
            if blocks[slot] == Self.empty { return }
            if keys[slot] == key { break }
            slot = (slot + 1) & mask
        }
        guard blocks[slot] == block else { return }
        // Shift back every later entry of the probe run that may no longer be reachable.
        var hole = slot
        var next = slot
        while true {
            next = (next + 1) & mask
            if blocks[next] == Self.empty { break }
            let wanted = home(keys[next])
            // The entry at `next` can fill the hole if its home is not in (hole, next].
            let reachableWithoutHole = hole <= next ? (wanted > hole && wanted <= next) : (wanted > hole || wanted <= next)
            if !reachableWithoutHole {
                keys[hole] = keys[next]
                blocks[hole] = blocks[next]
                hole = next
            }
        }
        blocks[hole] = Self.empty
        count -= 1
    }

    /// Every entry, in table order (for invariant checks).
    var entries: [(key: UInt64, block: Int32)] {
        blocks.indices.compactMap { blocks[$0] == Self.empty ? nil : (keys[$0], blocks[$0]) }
    }

    /// Entries that a lookup would not find (a broken probe run).
    func unreachableKeys() -> [UInt64] {
        entries.filter { block(for: $0.key) != $0.block }.map(\.key)
    }
}
