import KVCore

/// Where every token slot of the paged pool is at one moment, split the way the contiguous
/// baselines split theirs (`ContiguousUsage`), so the two compare side by side:
///
/// - token states: slots of used blocks that hold a token;
/// - internal fragmentation: empty slots of used blocks, i.e. the tails of the last blocks;
/// - reserved and external fragmentation: always 0 (blocks are taken one at a time as tokens
///   arrive, and any free block serves any request);
/// - free: every slot of a free block, clean or cached.
///
/// Measured from the scheduler directly in O(running requests): every used block is in some
/// running sequence's table and every block but a table's last is full, so the only empty slots
/// are in last blocks. Building a full `Snapshot` per step would cost O(blocks + tokens).
public enum PagedUsage {
    public static func measure(_ scheduler: Scheduler) -> ContiguousUsage {
        let kv = scheduler.kv
        let blockSize = kv.blockSize
        var emptyTailSlots = 0
        var sharedTails: Set<BlockID> = []
        for id in scheduler.running {
            let seq = scheduler.sequence(id)
            guard kv.contains(seq) else { continue }
            let tokens = kv.numTokens(of: seq)
            let tail = (blockSize - tokens % blockSize) % blockSize
            guard tail > 0 else { continue }
            // Forked samples can share a partly filled last block: count it once.
            if let request = scheduler.requests[id], request.samples > 1 || request.parent != nil {
                guard let last = kv.blockTable(of: seq).last, sharedTails.insert(last).inserted else { continue }
            }
            emptyTailSlots += tail
        }
        let usedSlots = kv.numUsedBlocks * blockSize
        return ContiguousUsage(tokenStates: usedSlots - emptyTailSlots, reserved: 0,
                               internalFragmentation: emptyTailSlots, externalFragmentation: 0,
                               free: kv.numFreeBlocks * blockSize)
    }
}

/// Slot-steps of each part summed over the busy steps of a run, the same time average
/// `ContiguousReport` takes, so paged and contiguous shares mean the same thing.
public struct UsageAccumulator: Sendable, Equatable {
    public private(set) var busySteps = 0
    public private(set) var slotSteps = ContiguousUsage()

    public init() {}

    /// Adds one step's picture; a step in which no request held memory is not busy and is skipped.
    public mutating func add(_ usage: ContiguousUsage) {
        guard usage.tokenStates + usage.reserved + usage.internalFragmentation > 0 else { return }
        busySteps += 1
        slotSteps.tokenStates += usage.tokenStates
        slotSteps.reserved += usage.reserved
        slotSteps.internalFragmentation += usage.internalFragmentation
        slotSteps.externalFragmentation += usage.externalFragmentation
        slotSteps.free += usage.free
    }

    /// The parts averaged over the busy steps (sum 1; all 0 before any).
    public var averageShares: ContiguousShares { slotSteps.shares }
}
