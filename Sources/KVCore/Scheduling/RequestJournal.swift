/// What one step changed in a `RequestTable`, kept so that the step can be undone in place:
/// stepping back costs the requests the step touched, not a copy of the table.
///
/// Opened at the start of a step (`RequestTable.beginJournal()`), it keeps each request as the
/// step first found it, before its first write (`RequestTable`'s `_modify`, `update`,
/// `setSequence`): the fields a step can change (`Request.Progress`), its block-manager
/// sequence, and whether it existed at all. Its generated tokens are not kept: a step only
/// appends to them, so their count is enough, and keeping the array itself would make the
/// step's append copy the whole output (the cost this journal exists to avoid). A request the
/// step removes is handed to the journal whole.
///
/// `RequestTable.undo(_:)` puts every kept request back, its output cut back to the kept count,
/// in reverse order (so a request kept twice ends as it was first kept). The chunk layout may
/// differ from the one the step found (a chunk emptied and refilled can take another position);
/// nothing observes it: lookups, `forEach` order and `count` are the same.
public struct RequestJournal: Sendable {
    struct Entry: Sendable {
        let id: RequestID
        /// The request's changeable fields before the step; nil when there was no request.
        let progress: Request.Progress?
        /// Its output tokens before the step.
        let outputCount: Int
        /// Its sequence before (raw, -1 for none).
        let sequence: Int
    }

    private(set) var entries: [Entry] = []
    /// Requests the step removed, whole, by id.
    private(set) var removedRequests: [RequestID: Request] = [:]

    init() {
        entries.reserveCapacity(64)
    }

    /// Requests the step changed.
    public var changedRequests: Int { entries.count }

    /// Keeps a request as it is now.
    mutating func keep(_ id: RequestID, _ progress: Request.Progress, outputCount: Int, sequence: Int) {
        entries.append(Entry(id: id, progress: progress, outputCount: outputCount, sequence: sequence))
    }

    /// Keeps that there is no request `id` now.
    mutating func keepAbsent(_ id: RequestID) {
        entries.append(Entry(id: id, progress: nil, outputCount: 0, sequence: -1))
    }

    /// Whether the journal holds request `id` as the step removed it.
    func hasRemoved(_ id: RequestID) -> Bool { removedRequests[id] != nil }

    /// Keeps `request`, which the step removes from the table (the first removal of its id).
    mutating func keepRemoved(_ request: Request) {
        if removedRequests[request.id] == nil { removedRequests[request.id] = request }
    }
}
