/// The token ids and first-stored sequence of every cached block of a tier, copied into one
/// flat array of equal cells (a cell is as long as the longest block seen, 16 tokens for most
/// servers, at most `widest`; a longer block keeps its tokens in an array of its own, so one
/// hostile block cannot make every cell huge). A block names its cell by number, so the hash table's slots hold no references:
/// storing, removing or moving a block touches no reference counts, and an event's token array
/// is freed with its batch instead of living on in slices until its last block is evicted.
struct TokenCells: Sendable {
    /// Tokens a cell holds (grows, re-laying every cell, when a longer block arrives).
    private(set) var stride = 16
    static let widest = 256
    private var storage: [Int32] = []
    private var lengths: [Int32] = []
    private var stamps: [Int64] = []
    /// Cells given back, reused before the arrays grow.
    private var free: [Int32] = []
    /// Tokens of blocks longer than `widest`, by cell.
    private var long: [Int32: ArraySlice<Int32>] = [:]

    /// A cell holding `tokens`, stamped with `sequence`.
    mutating func put(_ tokens: UnsafeBufferPointer<Int32>, sequence: Int64) -> Int32 {
        if tokens.count > stride, tokens.count <= Self.widest { restride(to: tokens.count) }
        let cell: Int
        if let reused = free.popLast() {
            cell = Int(reused)
        } else {
            cell = lengths.count
            lengths.append(0)
            stamps.append(0)
            if storage.count < lengths.count * stride {  // grow by half again (zeroed in bulk)
                storage.append(contentsOf: [Int32](repeating: 0, count: max(lengths.count * stride - storage.count, storage.count / 2)))
            }
        }
        stamps[cell] = sequence
        if tokens.count > stride {
            lengths[cell] = -1
            long[Int32(cell)] = Array(tokens)[...]
            return Int32(cell)
        }
        lengths[cell] = Int32(tokens.count)
        let base = cell * stride
        storage.withUnsafeMutableBufferPointer { cells in
            guard let from = tokens.baseAddress, let to = cells.baseAddress else { return }
            (to + base).update(from: from, count: tokens.count)
        }
        return Int32(cell)
    }

    /// Gives `cell` back.
    mutating func release(_ cell: Int32) {
        guard cell >= 0 else { return }
        if lengths[Int(cell)] < 0 { long[cell] = nil }
        lengths[Int(cell)] = 0
        free.append(cell)
    }

    /// A copy of the tokens in `cell` (a copy, so a screen holding it never pins the cells).
    func tokens(_ cell: Int32) -> ArraySlice<Int32> {
        guard cell >= 0 else { return [] }
        if lengths[Int(cell)] < 0 { return long[cell] ?? [] }
        let base = Int(cell) * stride
        return Array(storage[base..<(base + Int(lengths[Int(cell)]))])[...]
    }

    func stamp(_ cell: Int32) -> Int64 { cell >= 0 ? stamps[Int(cell)] : 0 }

    private mutating func restride(to wider: Int) {
        var widened = [Int32](repeating: 0, count: lengths.count * wider)
        for cell in lengths.indices {
            let length = max(0, Int(lengths[cell]))
            for index in 0..<length { widened[cell * wider + index] = storage[cell * stride + index] }
        }
        storage = widened
        stride = wider
    }
}
