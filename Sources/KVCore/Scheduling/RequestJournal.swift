/// What one step changed in a `RequestTable`, kept so that the step can be undone in place:
/// stepping back costs the requests the step touched, not a copy of the table.
///
/// Opened at the start of a step (`RequestTable.beginJournal()`), it keeps each request as the
/// step first found it, before its first write (`RequestTable`'s `_modify`, `update`,
/// `setSequence`): its fields, its block-manager sequence, and whether it existed at all. Its
/// generated tokens are not kept: a step only appends to them, so the count before is enough,
/// and keeping the array itself would make the step's append copy the whole output (the cost
/// this journal exists to avoid). A request the step removes hands its tokens to the journal.
///
/// `undo(_:)` (on the table) puts each kept request back, its tokens cut back to the kept count.
/// The chunk layout may differ from the one the step found (a chunk emptied and refilled can
/// take another position); nothing observes it: lookups, `forEach` order and `count` are the
/// same.
public struct RequestJournal: Sendable {
    struct Entry: Sendable {
        let id: RequestID
        /// The request before the step without its output tokens; nil when there was none.
        let before: Request?
        /// `before.outputTokens.count` as the step found it.
        let outputCount: Int
        /// The sequence before (raw, -1 for none).
        let sequence: Int
    }

    private(set) var entries: [Entry] = []
    /// Ids already kept this step (only while open).
    private var seen: Set<RequestID> = []
    /// Output tokens of requests the step removed, by id.
    private(set) var removedTokens: [RequestID: [TokenID]] = [:]

    init() {
        entries.reserveCapacity(64)
        seen.reserveCapacity(64)
    }

    /// Requests the step changed.
    public var changedRequests: Int { entries.count }

    /// Whether request `id` is kept already.
    func hasKept(_ id: RequestID) -> Bool { seen.contains(id) }

    /// Keeps request `id` as it is now (`request` nil: there is none), unless kept already.
    mutating func keep(_ id: RequestID, _ request: Request?, sequence: Int) {
        guard seen.insert(id).inserted else { return }
        guard var header = request else {
            entries.append(Entry(id: id, before: nil, outputCount: 0, sequence: -1))
            return
        }
        let count = header.outputTokens.count
        header.outputTokens = []
        entries.append(Entry(id: id, before: header, outputCount: count, sequence: sequence))
    }

    /// Keeps the output tokens of request `id`, which the step removes from the table.
    mutating func keepRemovedTokens(_ id: RequestID, _ tokens: [TokenID]) {
        if removedTokens[id] == nil { removedTokens[id] = tokens }
    }

    /// Ends the recording: drops what only recording needed.
    mutating func close() { seen = [] }
}
