/// The scheduler's requests by id, kept in chunks of 64 consecutive ids that are shared
/// copy-on-write.
///
/// The engine keeps copies of whole scheduler states to step back, and every kept copy is
/// copied again the first time the live state mutates its requests. With one dictionary of
/// every request (finished and not yet arrived ones included) that copy cost O(all requests)
/// per kept state; here it costs one reference per chunk plus the one chunk written, so a copy
/// is about 64 times cheaper and the requests themselves are never copied unless written.
///
/// A chunk holds its requests unwrapped, with a bit per slot saying which are present (an
/// empty slot holds a placeholder that owns no storage), and the chunks sit in an array that a
/// small dictionary indexes. So `read` and `update` reach a request in place: the per-step loops
/// of a 100,000-request run neither copy requests (two reference counts each) nor chunks.
///
/// Lookups and writes are O(1). `values` lists the requests in id order.
public struct RequestTable: Sendable {
    @usableFromInline static let shift = 6
    @usableFromInline static let chunkSize = 1 << shift

    @usableFromInline
    struct Chunk: Sendable {
        @usableFromInline var requests: [Request]
        /// The block manager's sequence of each request (-1 before the scheduler gives one).
        @usableFromInline var sequences: [Int]
        /// Bit `slot` is set when `requests[slot]` is a real request.
        @usableFromInline var present: UInt64 = 0
        /// Bit `slot` is set when the request journal numbered `journalNumber` has kept that
        /// slot's request (see `RequestTable.noteWrite`).
        var keptSlots: UInt64 = 0
        var journalNumber: UInt32 = 0

        init() {
            requests = [Request](repeating: RequestTable.placeholder, count: RequestTable.chunkSize)
            sequences = [Int](repeating: -1, count: RequestTable.chunkSize)
        }

        /// A chunk that owns no storage, for positions no chunk uses.
        static let unused = Chunk(empty: ())
        private init(empty: Void) {
            requests = []
            sequences = []
        }

        @inlinable
        func has(_ slot: Int) -> Bool { present & (1 << UInt64(slot)) != 0 }
    }

    /// What an empty slot holds: empty arrays own no storage.
    static let placeholder = Request(id: RequestID(-1), promptTokens: [], maxOutputTokens: 0)

    /// Chunk key (id / 64) to the chunk's position in `chunks`: keys below 65,536 (ids below
    /// 4,194,304, forked ones included) are looked up without hashing.
    @usableFromInline var positions = PositionIndex()
    @usableFromInline var chunks: [Chunk] = []
    /// Positions in `chunks` that no chunk uses, to reuse.
    private var unusedPositions: [Int] = []
    public private(set) var count = 0
    /// The journal of the step under way, when one is open (see `RequestJournal`).
    @usableFromInline var journal: RequestJournal?
    /// Journals opened so far: the chunks mark the slots the open one has kept with its number.
    var journalsOpened: UInt32 = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    /// The position of the chunk holding request `id` and its slot there, when there is such a
    /// request.
    @inlinable
    func locate(_ id: RequestID) -> (position: Int, slot: Int)? {
        let (key, slot) = RequestTable.place(id)
        guard let position = position(ofKey: key), chunks[position].has(slot) else { return nil }
        return (position, slot)
    }

    @inlinable
    func position(ofKey key: Int) -> Int? { positions[key] }

    private mutating func setPosition(_ position: Int?, ofKey key: Int) { positions[key] = position }

    /// Every chunk key in use, in increasing order.
    private var sortedKeys: [Int] { positions.sortedKeys }

    /// Whether there is a request `id` (no copy of it is made).
    @inlinable
    public func contains(_ id: RequestID) -> Bool { locate(id) != nil }

    public subscript(id: RequestID) -> Request? {
        get {
            guard let (position, slot) = locate(id) else { return nil }
            return chunks[position].requests[slot]
        }
        _modify {
            // The request is moved out of its slot (no copy), changed, and moved back, so a
            // request's arrays are never copied to be appended to. Only a chunk shared with a
            // kept copy is copied (64 slots).
            let (key, slot) = RequestTable.place(id)
            let bit = UInt64(1) << UInt64(slot)
            if journal != nil { noteWrite(id) }
            var position = position(ofKey: key)
            var value: Request?
            var had = false
            if let found = position, chunks[found].present & bit != 0 {
                var taken = RequestTable.placeholder
                swap(&taken, &chunks[found].requests[slot])
                value = taken
                had = true
            }
            defer {
                if var new = value {
                    if position == nil { position = addChunk(key) }
                    let found = position!
                    swap(&new, &chunks[found].requests[slot])
                    chunks[found].present |= bit
                    if !had {
                        count += 1
                        chunks[found].sequences[slot] = -1
                    }
                } else if let found = position, chunks[found].present & bit != 0 {
                    chunks[found].present &= ~bit
                    count -= 1
                    precondition(journal?.hasRemoved(id) != false, "with a journal open, remove requests with removeValue(forKey:)")
                    // A chunk left empty goes, so retired requests leave nothing behind.
                    if chunks[found].present == 0 { removeChunk(key, at: found) }
                }
            }
            yield &value
        }
    }

    private mutating func addChunk(_ key: Int) -> Int {
        let position: Int
        if let reused = unusedPositions.popLast() {
            position = reused
            chunks[position] = Chunk()
        } else {
            position = chunks.count
            chunks.append(Chunk())
        }
        setPosition(position, ofKey: key)
        return position
    }

    private mutating func removeChunk(_ key: Int, at position: Int) {
        setPosition(nil, ofKey: key)
        chunks[position] = .unused
        unusedPositions.append(position)
    }

    /// Runs `body` on the request in place (no copy of it is made), or returns nil when there is
    /// no request `id`.
    @inlinable @discardableResult
    public mutating func update<T>(_ id: RequestID, _ body: (inout Request) -> T) -> T? {
        guard let (position, slot) = locate(id) else { return nil }
        if journal != nil { noteWrite(id) }
        return body(&chunks[position].requests[slot])
    }

    /// Runs `body` on the request where it is stored (no copy of it is made), or returns nil when
    /// there is no request `id`.
    @inlinable
    public func read<T>(_ id: RequestID, _ body: (borrowing Request) -> T) -> T? {
        guard let (position, slot) = locate(id) else { return nil }
        // Through the buffer's address: an array's subscript may hand out a copy.
        return chunks[position].requests.withUnsafeBufferPointer { body($0[slot]) }
    }

    /// The block manager's sequence of request `id`, nil when there is no such request or it has
    /// none yet. Kept next to the request, so a step looks it up with the request.
    @inlinable
    func sequence(of id: RequestID) -> SequenceID? {
        guard let (position, slot) = locate(id) else { return nil }
        let raw = chunks[position].sequences[slot]
        return raw >= 0 ? SequenceID(raw) : nil
    }

    /// Gives request `id` (which must be in the table) its sequence.
    mutating func setSequence(_ sequence: SequenceID, of id: RequestID) {
        guard let (position, slot) = locate(id) else {
            preconditionFailure("request \(id) has no entry to take sequence \(sequence)")
        }
        if journal != nil { noteWrite(id) }
        chunks[position].sequences[slot] = sequence.rawValue
    }

    /// Removes the request and returns it, as `Dictionary.removeValue(forKey:)` does.
    @discardableResult
    public mutating func removeValue(forKey id: RequestID) -> Request? {
        if journal != nil, let (position, slot) = locate(id) { journal?.keepRemoved(chunks[position].requests[slot]) }
        var old: Request?
        swap(&old, &self[id])
        return old
    }

    /// Calls `body` with every request in id order, without collecting them in an array.
    public func forEach(_ body: (borrowing Request) -> Void) {
        for key in sortedKeys {
            guard let position = position(ofKey: key) else { continue }
            let present = chunks[position].present
            chunks[position].requests.withUnsafeBufferPointer { requests in
                for slot in 0..<RequestTable.chunkSize where present & (1 << UInt64(slot)) != 0 {
                    body(requests[slot])
                }
            }
        }
    }

    /// Every request, in id order.
    public var values: [Request] {
        var result: [Request] = []
        result.reserveCapacity(count)
        forEach { result.append(copy $0) }
        return result
    }

    @inlinable
    static func place(_ id: RequestID) -> (key: Int, slot: Int) {
        (id.rawValue >> shift, id.rawValue & (chunkSize - 1))
    }
}
