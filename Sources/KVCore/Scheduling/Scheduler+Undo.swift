/// Undoing a step in place (the engine's step back): the block manager keeps a journal of the
/// step (`PoolJournal`), the request table another (`RequestJournal`), and everything else is a
/// copy of the scheduler from before the step without the block storage and without the
/// requests (`detachedFromStorage()`): small, and holding no reference to anything the step
/// writes, so the step copies nothing on write because of it.
extension Scheduler {
    /// What one step changed in the block manager's pool and in the request table.
    public struct Journal: Sendable {
        public let pool: PoolJournal
        public let requests: RequestJournal
    }

    /// Starts the block manager's and the request table's undo journals; false (and nothing
    /// started) when the block manager keeps none.
    public mutating func beginUndoJournal() -> Bool {
        guard kv.beginUndoJournal() else { return false }
        requests.beginJournal()
        return true
    }

    /// The journals since `beginUndoJournal()`; nil when none was open.
    public mutating func endUndoJournal() -> Journal? {
        guard let pool = kv.endUndoJournal() else { return nil }
        return Journal(pool: pool, requests: requests.endJournal())
    }

    /// This scheduler with its block manager's storage (see
    /// `BlockManager.detachedFromStorage()`) and its requests left out: to keep beside the next
    /// step's journal.
    public func detachedFromStorage() -> Scheduler {
        var copy = self
        copy.kv = kv.detachedFromStorage()
        copy.requests = RequestTable()
        return copy
    }

    /// Becomes `earlier` (detached, taken before the journalled step) with this scheduler's
    /// block storage and requests, the journal undone in them.
    public mutating func restore(_ earlier: Scheduler, undoing journal: Journal) {
        kv.undo(journal.pool, restoring: earlier.kv)
        requests.undo(journal.requests)
        var manager = earlier.kv
        var table = RequestTable()
        swap(&manager, &kv)
        swap(&table, &requests)
        self = earlier
        swap(&manager, &kv)
        swap(&table, &requests)
    }
}
