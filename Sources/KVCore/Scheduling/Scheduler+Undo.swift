/// Undoing a step in place (the engine's step back): the block manager keeps a journal of the
/// step (`PoolJournal`), and everything else is a copy of the scheduler from before the step
/// without the block storage (`detachedFromStorage()`), cheap to keep because the scheduler's
/// own storage is copied on write in small pieces.
extension Scheduler {
    /// Starts the block manager's undo journal; false when it keeps none.
    public mutating func beginUndoJournal() -> Bool { kv.beginUndoJournal() }

    /// The block manager's journal since `beginUndoJournal()`.
    public mutating func endUndoJournal() -> PoolJournal? { kv.endUndoJournal() }

    /// This scheduler with its block manager's storage left out (see
    /// `BlockManager.detachedFromStorage()`): to keep beside the next step's journal.
    public func detachedFromStorage() -> Scheduler {
        var copy = self
        copy.kv = kv.detachedFromStorage()
        return copy
    }

    /// Becomes `earlier` (detached, taken before the journalled step) with this scheduler's
    /// block storage, the journal undone in it.
    public mutating func restore(_ earlier: Scheduler, undoing journal: PoolJournal) {
        kv.undo(journal, restoring: earlier.kv)
        let manager = kv
        self = earlier
        kv = manager
    }
}
