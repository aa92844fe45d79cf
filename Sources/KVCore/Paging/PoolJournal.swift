/// What one step's operations changed in a `KVCacheManager`'s pool, kept so that the step can
/// be undone in place: stepping back costs what the step changed, not a copy of the pool.
///
/// Opened at the start of a step (`KVCacheManager.beginUndoJournal()`), it keeps
/// - each block's bookkeeping, token slots, free-queue links and ticket before the first write
///   of the step to it (`BlockPool.willWrite`);
/// - the index entry of each hash before the step changes it (evictions, publications);
/// - the pool's counters, the queue's next ticket, the live stretch of sequence records and a
///   shared copy of the block tables as the step found them (the tables' chunks are then
///   copied only where the step writes them).
///
/// `undo(into:)` puts all of it back: the queue is relinked from the saved links and tickets
/// (the queue's order is ticket order, so putting the blocks the step took out back in ticket
/// order, each after its kept neighbour, rebuilds the exact links), and the index entries are
/// reset key by key (the same lookups; the probe layout may differ, which nothing observes).
/// A journal can be applied to any pool in the state the step left, any number of times.
public final class PoolJournal: @unchecked Sendable {
    // @unchecked: written only while open, by the one pool that holds it; read-only after.

    /// A block as the step found it.
    private struct KeptBlock {
        let block: Int32
        let record: KVCacheBlock
        let link: FreeBlockQueue.Link
        let ticket: Int
    }

    // Unchecked: written only by `keep` while the journal is open (one pool, one thread), and
    // this is the step's hottest path under a journal (a dynamic check per access cost ~40 %).
    private let blockSize: Int
    @exclusivity(unchecked) private var seen: [Bool]
    @exclusivity(unchecked) private var kept: [KeptBlock] = []
    @exclusivity(unchecked) private var keptTokens: [TokenID] = []
    @exclusivity(unchecked) private var indexEntries: [(hash: UInt64, block: Int32?)] = []
    private let counters: BlockPool.Counters
    private let nextTicket: Int
    private let recordsLow: Int
    private let records: [SequenceRecord]
    private let tables: SharedChunks<[Int32]>

    /// Opens a journal on `pool` as it stands between two steps.
    init(pool: BlockPool) {
        blockSize = pool.blockSize
        seen = Array(repeating: false, count: pool.numBlocks)
        counters = pool.counters.pointee
        nextTicket = pool.freeQueue.nextTicket
        let stretch = pool.records.liveStretch()
        recordsLow = stretch.low
        records = stretch.records
        tables = SharedChunks(sharing: pool.tables, capacity: 0)
        kept.reserveCapacity(256)
        keptTokens.reserveCapacity(256 * blockSize)
    }

    /// Ends the recording: drops what only recording needed.
    func close() { seen = [] }

    /// Blocks the step changed.
    public var changedBlocks: Int { kept.count }

    /// Keeps `block` as it is in `pool`, unless it was kept already this step.
    func keep(_ block: Int32, of pool: BlockPool) {
        guard !seen[Int(block)] else { return }
        seen[Int(block)] = true
        kept.append(KeptBlock(block: block, record: pool.blocks[Int(block)], link: pool.freeQueue.link(of: block),
                              ticket: pool.freeQueue.ticket(of: block)))
        keptTokens.append(contentsOf: UnsafeBufferPointer(start: pool.tokens + Int(block) * blockSize, count: blockSize))
    }

    /// Keeps the block `hash` maps to in `pool`'s index (nil: none).
    func keepIndexEntry(_ hash: UInt64, of pool: BlockPool) {
        indexEntries.append((hash, pool.index.block(for: hash)))
    }

    /// Puts `pool`, in the state the step left, back in the state the step found. The pool
    /// must be held by one manager only and have no journal open.
    func undo(into pool: BlockPool) {
        precondition(pool.journalSlot.pointee == nil, "undo into a pool with an open journal")
        precondition(pool.numTouched == 0, "undo into a pool with undrained touched blocks")
        // Out of the queue, every changed block that is in it now...
        for item in kept where pool.freeQueue.link(of: item.block).previous >= 0 { pool.freeQueue.remove(item.block) }
        // ...their contents back...
        keptTokens.withUnsafeBufferPointer { tokens in
            for (place, item) in kept.enumerated() {
                pool.blocks[Int(item.block)] = item.record
                pool.freeQueue.setTicket(item.ticket, of: item.block)
                if let saved = tokens.baseAddress {
                    (pool.tokens + Int(item.block) * blockSize).update(from: saved + place * blockSize, count: blockSize)
                }
            }
        }
        // ...and back into the queue, in ticket order, those that were in it. A block's kept
        // link names the block before it when the step first wrote it, which is in the queue
        // again by then (unchanged, or changed with a lower ticket); blocks the step took out
        // before that one, between the two, went back already: the block goes after them.
        let queued = kept.indices.filter { kept[$0].link.previous >= 0 }.sorted { kept[$0].ticket < kept[$1].ticket }
        let sentinel = Int32(pool.numBlocks)
        for place in queued {
            var previous = kept[place].link.previous
            while case let next = pool.freeQueue.link(of: previous).next, next != sentinel,
                  pool.freeQueue.ticket(of: next) < kept[place].ticket {
                previous = next
            }
            pool.freeQueue.insert(kept[place].block, after: previous)
        }
        pool.freeQueue.nextTicket = nextTicket
        for entry in indexEntries.reversed() {
            if let block = entry.block {
                pool.index.set(entry.hash, to: block)
            } else if let current = pool.index.block(for: entry.hash) {
                pool.index.remove(entry.hash, ifMappedTo: current)
            }
        }
        pool.counters.pointee = counters
        pool.records.restore(low: recordsLow, records: records)
        pool.tables.restore(sharing: tables)
    }
}
