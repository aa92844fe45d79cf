/// Managers without an undo journal (the reference and hybrid managers): nothing is kept, and
/// an engine stepping back over them restores keyframes and replays.
extension BlockManager {
    public mutating func beginUndoJournal() -> Bool { false }
    public mutating func endUndoJournal() -> PoolJournal? { nil }
    public func detachedFromStorage() -> any BlockManager { self }
    public mutating func undo(_ journal: PoolJournal, restoring detached: any BlockManager) {
        preconditionFailure("\(type(of: self)) keeps no undo journal")
    }
}

extension KVCacheManager {
    /// Opens a `PoolJournal` on this manager's pool (made unique first). Needs touched-block
    /// tracking off or drained, and no journal open.
    public mutating func beginUndoJournal() -> Bool {
        guard _pool.journalSlot.pointee == nil, _pool.numTouched == 0 else { return false }
        _makePoolUnique()
        _pool.journalSlot.pointee = .passRetained(PoolJournal(pool: _pool))
        return true
    }

    public mutating func endUndoJournal() -> PoolJournal? {
        guard let open = _pool.journalSlot.pointee else { return nil }
        _pool.journalSlot.pointee = nil
        let journal = open.takeRetainedValue()
        journal.close()
        return journal
    }

    /// A copy whose pool is an empty placeholder: it keeps the manager's own fields (stats,
    /// events, counts, publishing) and holds no reference to the pool, so keeping it costs
    /// the pool no copy when this manager writes next.
    public func detachedFromStorage() -> any BlockManager {
        var copy = self
        copy._pool = BlockPool.detachedPlaceholder
        return copy
    }

    public mutating func undo(_ journal: PoolJournal, restoring detached: any BlockManager) {
        guard var restored = detached as? KVCacheManager else {
            preconditionFailure("a journal of a KVCacheManager restores a KVCacheManager, not \(type(of: detached))")
        }
        _makePoolUnique()
        journal.undo(into: _pool)
        restored._pool = _pool
        self = restored
        _debugCheckInvariants()
    }
}

extension BlockPool {
    /// The pool of a detached manager (`detachedFromStorage()`): shared, never written.
    static let detachedPlaceholder = BlockPool(numBlocks: 0, blockSize: 1)
}
