import KVCore

/// A block that a prefix-cache hit took out of the middle of the free queue in the step a
/// snapshot closes: where it stood when the step began, so the free-queue strip can mark the
/// gap it left. Read from the manager's own queue before the step and the step's hit events.
public struct FreeQueueTake: Sendable, Equatable {
    public let block: BlockID
    /// Its place in the queue when the step began (0 = head, the next block to be evicted).
    public let position: Int
    /// Blocks queued when the step began.
    public let queueLength: Int
    /// The first block behind it then that is still queued, in the same place, now: the gap is
    /// drawn just before that block (nil: no such block, the gap is after the old ones).
    public let nextStillQueued: BlockID?

    public init(block: BlockID, position: Int, queueLength: Int, nextStillQueued: BlockID?) {
        self.block = block
        self.position = position
        self.queueLength = queueLength
        self.nextStillQueued = nextStillQueued
    }

    /// The takes of one step: `queueBefore` is the manager's free queue (head first) before the
    /// step, `events` what the step did, `kv` the manager after it. O(queue up to the last block
    /// hit) when the step hit a block; nothing to do otherwise.
    static func takes(queueBefore: [BlockID], events: [SchedulerEvent], kv: some BlockManager) -> [FreeQueueTake] {
        var hits: [BlockID] = []
        for case let .paging(.prefixHit(_, block, _)) in events { hits.append(block) }
        guard !hits.isEmpty, !queueBefore.isEmpty else { return [] }
        // A bit per block id, no hashing: this walks thousands of queued blocks in big pools.
        var hitBits = IndexSet64(capacity: kv.numBlocks)
        var distinctHits = 0
        for block in hits where hitBits.insert(block.index) { distinctHits += 1 }
        // Blocks that moved in the queue this step (taken fresh, freed again) are no landmark.
        var movedBits = IndexSet64(capacity: kv.numBlocks)
        for case let .paging(event) in events {
            switch event {
            case let .allocated(_, block, _), let .freed(_, block, _), let .copiedOnWrite(_, _, block, _):
                movedBits.insert(block.index)
            default: break
            }
        }
        // Constants from here on (the closures below read them without access checks).
        let (hit, moved, numBlocks) = (hitBits, movedBits, kv.numBlocks)
        // Each take's landmark is the first block behind it that stayed: usually the next one,
        // so the pool is asked about a few blocks, not the whole queue.
        func stayed(_ block: BlockID) -> Bool {
            block.index >= 0 && block.index < numBlocks && !hit.contains(block.index) && !moved.contains(block.index)
                && kv.refCount(of: block) == 0
        }
        var takes: [FreeQueueTake] = []
        queueBefore.withUnsafeBufferPointer { queue in
            for position in queue.indices {
                let block = queue[position]
                guard hit.contains(block.index) else { continue }
                var landmark: BlockID? = nil
                for later in (position + 1)..<queue.count where stayed(queue[later]) {
                    landmark = queue[later]
                    break
                }
                takes.append(FreeQueueTake(block: block, position: position, queueLength: queue.count,
                                           nextStillQueued: landmark))
                // Every hit block found: the rest of the queue holds none.
                if takes.count == distinctHits { break }
            }
        }
        return takes
    }
}
