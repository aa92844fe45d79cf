/// One tier's blocks in a single open-addressing table keyed by block hash: a cached block and
/// the count of cached blocks naming it as parent share one slot, so a store or a removal finds
/// its hash and its parent with two probes instead of five dictionary lookups. Block hashes are
/// already hashes, so the slot index is a multiply-shift of the key (xor a per-table seed) rather
/// than SipHash; linear probing with backward-shift deletion keeps no tombstones.
struct BlockTable: Sendable {
    /// A slot (32 bytes: two to a cache line, no references); a cached block's tokens and
    /// first sequence number, read only when it is stored or shown, are in `cells`.
    struct Slot: Sendable {
        var key: UInt64 = 0
        var parent: UInt64 = 0
        /// Copies of the cached block (0: not cached, the slot only counts children).
        var copies: Int32 = 0
        /// Cached blocks whose parent is this hash.
        var children: Int32 = 0
        /// The block's cell in `cells` (-1: none, the slot only counts children).
        var cell: Int32 = -1
        var hasParent = false
        var used = false
    }

    private(set) var slots: [Slot]
    var cells = TokenCells()
    private var shift: UInt64
    private let seed: UInt64
    /// Slots in use (cached blocks and parents that only count children).
    private var used = 0

    init() {
        slots = [Slot](repeating: Slot(), count: 16)
        shift = 64 - 4
        seed = UInt64.random(in: .min ... .max)
    }

    private var mask: Int { slots.count - 1 }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: ((key ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot of `key`, or the empty slot where it would go.
    @inline(__always)
    func find(_ key: UInt64) -> (index: Int, found: Bool) {
        var index = home(key)
        let mask = self.mask
        while true {
            if !slots[index].used { return (index, false) }
            if slots[index].key == key { return (index, true) }
            index = (index + 1) & mask
        }
    }

    /// Makes room for `extra` more slots without growing between the finds that follow.
    mutating func reserve(_ extra: Int) {
        if (used + extra) * 4 < slots.count * 3 { return }
        let old = slots
        var capacity = slots.count * 2
        while (used + extra) * 4 >= capacity * 3 { capacity *= 2 }
        slots = [Slot](repeating: Slot(), count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        for slot in old where slot.used {
            let (index, _) = find(slot.key)
            slots[index] = slot
        }
    }

    /// Claims the empty slot `index` (from `find`) for `key`.
    @inline(__always)
    mutating func claim(_ index: Int, key: UInt64) {
        slots[index] = Slot(key: key, used: true)
        used += 1
    }

    /// Empties slot `index` (its cell must be released first), shifting later slots of its probe run back.
    mutating func delete(_ index: Int) {
        let mask = self.mask
        var hole = index
        var next = index
        while true {
            next = (next + 1) & mask
            if !slots[next].used { break }
            let ideal = home(slots[next].key)
            if (next - ideal) & mask >= (next - hole) & mask {
                slots[hole] = slots[next]
                hole = next
            }
        }
        slots[hole] = Slot()
        used -= 1
    }

    subscript(index: Int) -> Slot {
        get { slots[index] }
        _modify { yield &slots[index] }
    }
}
