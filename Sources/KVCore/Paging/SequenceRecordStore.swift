import Foundation

/// `BlockPool`'s `SequenceRecord`s by `SequenceID.rawValue`: one flat run of memory (a record
/// is read with one load), mapped zero-filled from the system once it is large (from
/// `mappedBytes` on; smaller ones are ordinary allocations, cheaper than a system call), so
/// that a copy writes only the ids in use. A run sees thousands of sequences, but only the few in flight have live
/// records, and their ids sit close together; every other record is empty, which is all zero
/// bits. A copy (the engine's keyframes, copy-on-write of the pool) therefore copies the
/// stretch from the lowest to the highest live id and leaves the rest as untouched zero pages.
///
/// Part of `BlockPool`'s storage, like `FreeBlockQueue`: it owns its memory, is never copied
/// implicitly, and its non-mutating subscript writes through once the manager made the pool
/// unique. Only `noteLive(_:)` may make a record non-empty (`allocate`, `fork`), so that the
/// stretch covers every live record.
struct SequenceRecordStore: ~Copyable {
    /// From this size on the records are mapped pages rather than allocated memory.
    static let mappedBytes = 128 * 1024

    private let base: UnsafeMutablePointer<SequenceRecord>
    /// The mapped length, or 0 when `base` is an ordinary allocation.
    private let bytes: Int
    let capacity: Int
    /// Ids outside `span[0] ..< span[1]` hold empty records (the stretch may also hold some).
    private let span: UnsafeMutablePointer<Int>

    /// Room for `capacity` records, all empty.
    init(capacity: Int) {
        self.capacity = max(0, capacity)
        let wanted = self.capacity * MemoryLayout<SequenceRecord>.stride
        span = .allocate(capacity: 2)
        span.initialize(repeating: 0, count: 2)
        guard wanted >= Self.mappedBytes else {
            bytes = 0
            base = .allocate(capacity: max(1, self.capacity))
            base.initialize(repeating: SequenceRecord(), count: self.capacity)
            return
        }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        bytes = (wanted + page - 1) / page * page
        guard let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else {
            preconditionFailure("cannot map \(bytes) bytes for \(capacity) sequence records")
        }
        // Zero bits are an empty record (a bitwise-copyable type), so the pages need no writing.
        base = mapped.bindMemory(to: SequenceRecord.self, capacity: self.capacity)
    }

    /// The records of `other`, then empty ones up to `capacity` (at least `other`'s). Copies
    /// only the stretch of `other` from its lowest to its highest live record.
    init(copying other: borrowing SequenceRecordStore, capacity: Int) {
        self.init(capacity: max(capacity, other.capacity))
        var low = other.span[0]
        var high = other.span[1]
        while low < high, !other.base[low].isLive { low += 1 }
        while high > low, !other.base[high - 1].isLive { high -= 1 }
        if low < high { (base + low).update(from: other.base + low, count: high - low) }
        span[0] = low
        span[1] = high
    }

    deinit {
        if bytes > 0 { munmap(base, bytes) } else { base.deallocate() }
        span.deallocate()
    }

    /// The record of sequence `raw` (`0 ..< capacity`, which the caller checked).
    subscript(raw: Int) -> SequenceRecord {
        @inline(__always)
        get { base[raw] }
        @inline(__always)
        nonmutating _modify { yield &base[raw] }
    }

    /// Widens the stretch of live ids to `raw`, before its record becomes live.
    @inline(__always)
    func noteLive(_ raw: Int) {
        if span[0] == span[1] {
            span[0] = raw
            span[1] = raw + 1
        } else {
            if raw < span[0] { span[0] = raw }
            if raw >= span[1] { span[1] = raw + 1 }
        }
    }

    // MARK: Undo (`PoolJournal`)

    /// The records of the stretch of ids that may be live, and where it starts: what an undo
    /// puts back (every record outside it is empty).
    func liveStretch() -> (low: Int, records: [SequenceRecord]) {
        let low = span[0]
        return (low, Array(UnsafeBufferPointer(start: base + low, count: span[1] - low)))
    }

    /// Puts back a stretch `liveStretch()` returned: empties the current stretch, then writes
    /// the saved one.
    func restore(low: Int, records: [SequenceRecord]) {
        precondition(low + records.count <= capacity, "restored records outside the store")
        (base + span[0]).update(repeating: SequenceRecord(), count: span[1] - span[0])
        records.withUnsafeBufferPointer { saved in
            if let from = saved.baseAddress { (base + low).update(from: from, count: saved.count) }
        }
        span[0] = low
        span[1] = low + records.count
    }
}
