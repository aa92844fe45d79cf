/// The prefix cache's index, hash -> block, as an open-addressing table with linear probing.
///
/// A block holds at most one hash and the index maps each hash to one block, so it never holds
/// more entries than the pool has blocks: the table is sized once (at least twice the block
/// count, a power of two) and never grows. Keys are already mixed 64-bit hashes, so unlike
/// `Dictionary` it does not hash them again (it only spreads them with one multiply, which keeps
/// the table working with the deliberately poor hashers of the tests). Deletion shifts later
/// entries back instead of leaving tombstones, so lookups stay short after many evictions.
///
/// Part of `BlockPool`'s storage, like `FreeBlockQueue`: it owns its memory, is never copied
/// implicitly, and its non-mutating methods write through to that memory once the manager made
/// the pool's storage unique.
struct BlockHashIndex: ~Copyable {
    private static let empty: Int32 = -1

    /// One slot of the table: a key and its block, `empty` when the slot is free.
    private struct Entry: BitwiseCopyable {
        var key: UInt64
        var block: Int32
    }

    private let entries: UnsafeMutablePointer<Entry>   // capacity
    private let counter: UnsafeMutablePointer<Int>
    private let capacity: Int
    private let mask: Int
    private let shift: UInt64

    /// Bytes the table allocates for a pool of `numBlocks` (its capacity is the power of two at
    /// least twice the blocks, at least 16), or nil if that does not fit in an `Int`.
    static func bytes(numBlocks: Int) -> Int? {
        guard numBlocks >= 0, numBlocks <= Int.max / 4 / MemoryLayout<Entry>.stride else { return nil }
        var capacity = 16
        while capacity < numBlocks * 2 { capacity <<= 1 }
        return capacity * MemoryLayout<Entry>.stride
    }

    init(numBlocks: Int) {
        var capacity = 16
        var bits: UInt64 = 4
        while capacity < numBlocks * 2 {
            capacity <<= 1
            bits += 1
        }
        self.capacity = capacity
        mask = capacity - 1
        shift = 64 - bits
        entries = .allocate(capacity: capacity)
        entries.initialize(repeating: Entry(key: 0, block: Self.empty), count: capacity)
        counter = .allocate(capacity: 1)
        counter.initialize(to: 0)
    }

    /// A copy with its own memory (copy-on-write of the pool).
    init(copying other: borrowing BlockHashIndex) {
        capacity = other.capacity
        mask = other.mask
        shift = other.shift
        entries = .allocate(capacity: capacity)
        entries.initialize(from: other.entries, count: capacity)
        counter = .allocate(capacity: 1)
        counter.initialize(to: other.counter.pointee)
    }

    deinit {
        entries.deallocate()
        counter.deallocate()
    }

    /// Entries held.
    var count: Int { counter.pointee }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The block that holds `key`, if any.
    @inline(__always)
    func block(for key: UInt64) -> Int32? {
        var slot = home(key)
        while true {
            let entry = entries[slot]
            if entry.block == Self.empty { return nil }
            if entry.key == key { return entry.block }
            slot = (slot + 1) & mask
        }
    }

    /// Maps `key` to `block`, replacing the block it mapped to before.
    @inline(__always)
    func set(_ key: UInt64, to block: Int32) {
        var slot = home(key)
        while entries[slot].block != Self.empty, entries[slot].key != key { slot = (slot + 1) & mask }
        if entries[slot].block == Self.empty { counter.pointee += 1 }
        entries[slot] = Entry(key: key, block: block)
    }

    /// Removes `key` if it maps to `block`; an older block holding the same hash leaves the entry
    /// of the newer one alone.
    @inline(__always)
    func remove(_ key: UInt64, ifMappedTo block: Int32) {
        var slot = home(key)
        while true {
            if entries[slot].block == Self.empty { return }
            if entries[slot].key == key { break }
            slot = (slot + 1) & mask
        }
        guard entries[slot].block == block else { return }
        // Shift back every later entry of the probe run that may no longer be reachable.
        var hole = slot
        var next = slot
        while true {
            next = (next + 1) & mask
            if entries[next].block == Self.empty { break }
            let wanted = home(entries[next].key)
            // The entry at `next` can fill the hole if its home is not in (hole, next].
            let reachableWithoutHole = hole <= next ? (wanted > hole && wanted <= next) : (wanted > hole || wanted <= next)
            if !reachableWithoutHole {
                entries[hole] = entries[next]
                hole = next
            }
        }
        entries[hole].block = Self.empty
        counter.pointee -= 1
    }

    /// Every entry, in table order (for invariant checks).
    var allEntries: [(key: UInt64, block: Int32)] {
        (0 ..< capacity).compactMap { entries[$0].block == Self.empty ? nil : (entries[$0].key, entries[$0].block) }
    }

    /// Entries that a lookup would not find (a broken probe run).
    func unreachableKeys() -> [UInt64] {
        allEntries.filter { block(for: $0.key) != $0.block }.map(\.key)
    }
}
