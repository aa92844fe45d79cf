import KVCore

/// Where every token slot of the paged pool is at one moment, split the way the contiguous
/// baselines split theirs (`ContiguousUsage`), so the two compare side by side:
///
/// - token states: slots of used blocks that hold a token;
/// - internal fragmentation: empty slots of used blocks, i.e. the tails of the last blocks;
/// - reserved: always 0 (blocks are taken as tokens arrive);
/// - external fragmentation: free memory the next request cannot use, counted as for the
///   contiguous baselines: every free slot while the head of the queue waits for memory (it
///   needs more blocks than are free) or a request was preempted this step. Any free block
///   serves any request, so there is no other kind;
/// - free: every slot of a free block otherwise, clean or cached.
///
/// Measured from the scheduler directly in O(running requests): every used block is in some
/// running sequence's table and every block but a table's last is full, so the only empty slots
/// are in last blocks. Building a full `Snapshot` per step would cost O(blocks + tokens).
enum PagedUsage {
    public static func measure(_ scheduler: Scheduler, shortOfMemory: Bool = false) -> ContiguousUsage {
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
            if let request = scheduler.requests.header(id), request.samples > 1 || request.parent != nil {
                guard let last = kv.blockTable(of: seq).last, sharedTails.insert(last).inserted else { continue }
            }
            emptyTailSlots += tail
        }
        let usedSlots = kv.numUsedBlocks * blockSize
        let freeSlots = kv.numFreeBlocks * blockSize
        return ContiguousUsage(tokenStates: usedSlots - emptyTailSlots, reserved: 0,
                               internalFragmentation: emptyTailSlots,
                               externalFragmentation: shortOfMemory ? freeSlots : 0,
                               free: shortOfMemory ? 0 : freeSlots)
    }
}

/// Slot-steps of each part summed over a run's steps, averaged two ways:
///
/// - over the busy steps, those in which some request held memory (what `ContiguousReport`
///   averages over);
/// - over the steps under memory pressure, those in which the request at the head of the queue
///   waited for memory (or, paged, a request was preempted): the server had work it could not
///   take for lack of memory, which is when the way memory is allocated decides the throughput.
///   This is the regime of the PagedAttention paper's Fig. 2, whose four shares (token states,
///   reservation, internal and external fragmentation) add up to 100%: in these steps no memory
///   is "free", since what is free cannot serve the next request. The busy average also counts
///   the long low-load tails of a finite workload, where free memory says nothing about the
///   allocator.
public struct UsageAccumulator: Sendable, Equatable {
    public private(set) var busySteps = 0
    private(set) var busySlotSteps = ContiguousUsage()
    public private(set) var pressureSteps = 0
    private(set) var pressureSlotSteps = ContiguousUsage()
    /// Running requests summed over the steps under pressure.
    private(set) var pressureRequestSteps = 0

    public init() {}

    /// Adds one step's picture with the requests running in it. A step in which no request
    /// held memory is not busy.
    public mutating func add(_ usage: ContiguousUsage, running: Int, underPressure: Bool) {
        guard usage.tokenStates + usage.reserved + usage.internalFragmentation > 0 else { return }
        busySteps += 1
        Self.accumulate(usage, into: &busySlotSteps)
        if underPressure {
            pressureSteps += 1
            pressureRequestSteps += running
            Self.accumulate(usage, into: &pressureSlotSteps)
        }
    }

    /// Adds `steps` steps whose usages sum to `usageSum` and running requests to
    /// `requestSteps`, all busy, all under pressure or none.
    public mutating func add(sum usageSum: ContiguousUsage, steps: Int, requestSteps: Int, underPressure: Bool) {
        guard steps > 0 else { return }
        busySteps += steps
        Self.accumulate(usageSum, into: &busySlotSteps)
        if underPressure {
            pressureSteps += steps
            pressureRequestSteps += requestSteps
            Self.accumulate(usageSum, into: &pressureSlotSteps)
        }
    }

    private static func accumulate(_ usage: ContiguousUsage, into sum: inout ContiguousUsage) {
        sum.tokenStates += usage.tokenStates
        sum.reserved += usage.reserved
        sum.internalFragmentation += usage.internalFragmentation
        sum.externalFragmentation += usage.externalFragmentation
        sum.free += usage.free
    }

    /// The parts averaged over the busy steps (sum 1; all 0 before any).
    public var busyShares: ContiguousShares { busySlotSteps.shares }

    /// The requests running in a step, averaged over the steps under pressure (the paper's
    /// Fig. 13 "average number of batched requests"); 0 when memory was never short.
    var pressureMeanRequests: Double {
        pressureSteps > 0 ? Double(pressureRequestSteps) / Double(pressureSteps) : 0
    }

    /// The parts averaged over the steps under pressure; the busy average when there were none
    /// (memory was never short).
    var pressureShares: ContiguousShares {
        pressureSteps > 0 ? pressureSlotSteps.shares : busyShares
    }
}
