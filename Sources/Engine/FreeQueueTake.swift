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
    /// step, `events` what the step did, `kv` the manager after it. O(queue) when the step hit a
    /// block; nothing to do otherwise.
    static func takes(queueBefore: [BlockID], events: [SchedulerEvent], kv: KVCacheManager) -> [FreeQueueTake] {
        var hits = Set<BlockID>()
        // Blocks that moved in the queue this step (taken fresh, freed again) are no landmark.
        var moved = Set<BlockID>()
        for case let .paging(event) in events {
            switch event {
            case let .prefixHit(_, block, _): hits.insert(block)
            case let .allocated(_, block, _): moved.insert(block)
            case let .freed(_, block, _): moved.insert(block)
            case let .copiedOnWrite(_, _, to, _): moved.insert(to)
            default: break
            }
        }
        guard !hits.isEmpty else { return [] }
        func stillQueued(_ block: BlockID) -> Bool {
            !hits.contains(block) && !moved.contains(block) && kv.refCount(of: block) == 0
        }
        var takes: [FreeQueueTake] = []
        var nextLandmark: BlockID? = nil
        // Walk from the tail so each take finds the landmark behind it in one pass.
        for position in queueBefore.indices.reversed() {
            let block = queueBefore[position]
            if hits.contains(block) {
                takes.append(FreeQueueTake(block: block, position: position, queueLength: queueBefore.count,
                                           nextStillQueued: nextLandmark))
            } else if stillQueued(block) {
                nextLandmark = block
            }
        }
        return takes.reversed()
    }
}
