import KVCore

/// Everything the screen draws after a step: an immutable picture of the pool, the block tables,
/// the sequences, the queues, the memory figures and the counters, plus what changed this step.
public struct Snapshot: Sendable, Equatable {
    /// Steps completed (0 before the first step).
    public let step: Int
    public let blockSize: Int
    /// One entry per physical block, indexed by block id.
    public internal(set) var blocks: BlockViews
    /// The blocks whose view carries a change of this step (`BlockView.change`), in the order
    /// the step's work reached them: what the grid highlights, found without a pass over the pool.
    public let changedBlocks: [BlockID]
    /// The manager's free queue, head (the next block an allocation takes, evicting its cache
    /// entry) to tail (the block freed last).
    public let freeQueue: [BlockID]
    /// Blocks this step's prefix hits took out of the free queue, and where they stood.
    public let queueTakes: [FreeQueueTake]
    /// The K/V work of every step so far (step 1 first), shared chunk by chunk with the
    /// previous snapshot (a step appends one entry, it does not copy the run's history).
    public let workPerStep: ChunkedArray<StepWork>
    /// Every request the engine knows, in id order (forked samples after their parent).
    public internal(set) var requests: RequestViews
    public let waiting: [RequestID]
    public let running: [RequestID]
    /// The chunks computed in this step.
    public let chunks: [ScheduledChunk]
    public let events: [SchedulerEvent]
    public let counters: ComputeCounters
    public let memory: MemoryFigures?
    public let prefixCaching: Bool
    /// The run's parallel-sampling design (a request may name its own: `RequestView.sampling`).
    public let sampling: ParallelSamplingDesign
    /// When full blocks enter the prefix cache (vLLM v1: when scheduled).
    public let publishing: PrefixPublishing
    /// The CPU pool of swapping preemption (nil when the run has none).
    public let swap: SwapFigures?
    /// True when every request has finished.
    public let isComplete: Bool
    /// The contiguous baseline run on the same workload, at the same step (compare views).
    public let contiguous: ContiguousView?
    /// Every slot's token (see `tokens(of:)`).
    var slotTokens: SlotTokens
    /// The blocks whose ref count, hash, fill, tokens or free-queue place this step changed:
    /// with the next snapshot's, what a snapshot of an adjacent step must redraw.
    let touchedBlocks: [BlockID]
    /// Token slots filled in used blocks (the memory bar's token bytes).
    let tokenSlots: Int
    /// Every request holding blocks is running (as a step leaves them): then a block's owners
    /// are all its holders, and a snapshot can be patched block by block (`BlockViewDelta`).
    let holdersAllRun: Bool
    /// Position in `requests` by request id.
    let requestIndex: RequestPositions
    /// Positions in `requests` of the requests holding blocks, ascending.
    public let holders: [Int]
    /// Positions in `requests` by state, and the run-wide label and length figures.
    public let groups: RequestGroups
    /// The KV-cache groups of a hybrid model (`kv_groups`), in the manager's order; empty for a
    /// one-group model. `BlockOwner.group` indexes it.
    public internal(set) var kvGroups: [GroupAttention] = []

    public var numBlocks: Int { blocks.count }

    /// True when the run has a sliding-window KV-cache group (its blocks are marked `~`).
    public var hasWindowGroup: Bool { kvGroups.contains { $0.window != nil } }

    /// The window of KV-cache group `group`, nil for full attention or a one-group model.
    public func window(ofGroup group: Int) -> Int? {
        group >= 0 && group < kvGroups.count ? kvGroups[group].window : nil
    }
    /// Blocks in use, and free blocks still holding a hash. O(1).
    public let usedBlocks: Int
    public let cachedFreeBlocks: Int
    /// What this step changed, as the screen tells it (the change strip, the grid's attention
    /// and copy highlights): worked out once, when the snapshot is built.
    public internal(set) var changeList = StepChangeList.none

    /// O(1).
    public func request(_ id: RequestID) -> RequestView? {
        requestIndex[id].map { requests[$0] }
    }

    /// A request's label and palette slot, read in place (no copy of its view). O(1).
    public func label(of id: RequestID) -> String? { requestIndex[id].map { requests[$0].label } }
    public func colorIndex(of id: RequestID) -> Int? { requestIndex[id].map { requests[$0].colorIndex } }

    /// The request's position in `requests`. O(1).
    public func position(of id: RequestID) -> Int? { requestIndex[id] }

    /// The tokens in a block's filled slots (a free block keeps its last owner's), fetched on
    /// demand: only the inspector needs them, so snapshots carry no array per block.
    public func tokens(of block: BlockID) -> ArraySlice<KVCore.TokenID> {
        guard block.index >= 0, block.index < blocks.count else { return [] }
        return slotTokens.tokens(of: block, count: blocks[block.index].filledSlots)
    }

    /// Where a free block waits in the free queue, 0 = head (the next allocation takes it); nil
    /// while in use. A cached block at position N is evicted after N more fresh allocations
    /// unless a hit revives it first. O(blocks): the queue's order is its blocks' ticket order.
    public func freeQueuePosition(of block: BlockID) -> Int? {
        guard block.index >= 0, block.index < blocks.count, let ticket = blocks[block.index].queueTicket else { return nil }
        var ahead = 0
        blocks.forEachChunk { _, chunk in
            for view in chunk { if let other = view.queueTicket, other < ticket { ahead += 1 } }
        }
        return ahead
    }
}

/// What happened to a block in the step a snapshot closes, for highlighting.
public enum BlockChange: Sendable, Equatable {
    case allocated, prefixHit, written, copiedOnWrite, freed, evicted, published
}

/// One physical block as the grid and the inspector show it.
public struct BlockView: Sendable, Equatable {
    public let id: BlockID
    public let refCount: Int
    /// Token slots the pool has written a token id into (0...blockSize); a free block keeps its
    /// last owner's count. What a slot *shows* is `fill`, not this.
    public let filledSlots: Int
    /// What each slot holds as the grid, the block tables and the inspector draw it: the one
    /// fill definition of the screen (see `SlotFill`).
    public let fill: SlotFill
    public let hash: BlockHash?
    /// Requests whose block tables hold this block, with the logical index in each.
    public let owners: BlockOwners
    public let change: BlockChange?
    /// When the block last joined the free queue (nil while in use); its place in the queue is
    /// `Snapshot.freeQueuePosition(of:)`.
    let queueTicket: Int?

    public var isFree: Bool { refCount == 0 }
    public var isCachedFree: Bool { refCount == 0 && hash != nil }
    public var isShared: Bool { refCount > 1 }
}

/// How a block's slots are used, from its owners' point of view:
///
/// - **stored**: slots whose K/V are written in the cache (positions below an owner's
///   `numComputedTokens`);
/// - **pending**: slots of tokens the owner already has (a prompt chunk not computed yet, the
///   token sampled this step) whose K/V are not written yet: the next step computes them;
/// - **empty**: the rest.
///
/// A cached free block keeps its stored K/V (a later request can hit it); a clean free block is
/// empty, whatever its slots held before. Slots fill in order: stored, then pending, then empty.
public struct SlotFill: Sendable, Equatable {
    public let stored: Int
    public let pending: Int

    public init(stored: Int, pending: Int) {
        self.stored = max(0, stored)
        self.pending = max(0, pending)
    }

    public static let empty = SlotFill(stored: 0, pending: 0)

    /// Slots holding a token, stored or pending.
    public var used: Int { stored + pending }

    public func state(ofSlot slot: Int) -> SlotState {
        slot < stored ? .stored : (slot < stored + pending ? .pending : .empty)
    }
}

/// One slot of a block, as `SlotFill` classifies it.
public enum SlotState: Sendable, Equatable {
    case stored, pending, empty
}

public struct BlockOwner: Sendable, Equatable {
    public let request: RequestID
    public let logicalIndex: Int
    /// The request's position in `Snapshot.requests` (fixed for the run).
    let position: Int
    /// The KV-cache group whose table holds the block: 0 for a one-group model; with
    /// `kv_groups`, the group's index in `Snapshot.kvGroups` (the table `RequestView.blockTable`
    /// shows is the manager's primary group, the first full-attention one).
    public var group: Int = 0
}

/// One request as the tables and sequence panels show it.
public struct RequestView: Sendable, Equatable {
    public let id: RequestID
    /// The block manager's sequence id for this request (paging events name sequences).
    public let sequence: SequenceID
    /// A short name: A, B, C ... (forked samples: A1, A2 ...).
    public let label: String
    /// Index into the palette, stable for the request's life.
    public let colorIndex: Int
    public let status: RequestStatus
    public let promptLength: Int
    public let outputLength: Int
    public let maxOutputTokens: Int
    public let numComputedTokens: Int
    public let blockTable: [BlockID]
    /// Display text of each token (prompt then output); empty strings in memory-only mode.
    public let tokenTexts: [String]
    /// Tokens computed in this step: positions start..<start+count.
    public let computedThisStep: Range<Int>?
    /// The token sampled in this step (its position), if any.
    public let sampledPosition: Int?
    public let prefixHitBlocks: Int
    public let preemptions: Int
    public let parent: RequestID?
    public let arrivalStep: Int
    /// For a request with n > 1 samples and its samples: the design serving them, to name on
    /// screen ("v1: child requests" or "paper: fork + copy-on-write"); nil otherwise.
    public let sampling: ParallelSamplingDesign?
    /// For a beam of a beam-search request: its score and fate; nil otherwise.
    public let beam: BeamView?
    /// With `kv_groups` (a hybrid manager): every KV-cache group's table, holes included;
    /// empty for a one-group model, whose one table is `blockTable`.
    public var groupTables: [GroupTableView] = []

    public var numTokens: Int { promptLength + outputLength }
}

/// The CPU block pool of swapping preemption and the copies of this step.
public struct SwapFigures: Sendable, Equatable {
    public let cpuBlocks: Int
    public let cpuUsedBlocks: Int
    /// Which blocks went out (GPU -> CPU) and came back (CPU -> GPU) this step.
    public let swappedOut: [SwapTransfer]
    public let swappedIn: [SwapTransfer]
    /// Bytes copied either way this step, when the run knows a block's size in bytes.
    public let bytesMovedThisStep: Int?
    /// CPU blocks held by each swapped-out request.
    public let cpuTables: [RequestID: [Int]]
}

/// K/V work of the run: what the cache made the model compute versus what recomputing every
/// sequence from scratch would have cost.
public struct ComputeCounters: Sendable, Equatable {
    public var kvComputedThisStep = 0
    public var kvWithoutCacheThisStep = 0
    public var kvReadThisStep = 0
    public var kvComputedTotal = 0
    public var kvWithoutCacheTotal = 0
    var kvReadTotal = 0
    public var tokensGenerated = 0
    public var preemptions = 0
    public var prefixHitBlocks = 0
    /// Blocks copied GPU -> CPU (swapping preemption) and CPU -> GPU (readmission) this step.
    public var blocksSwappedOutThisStep = 0
    public var blocksSwappedInThisStep = 0
    /// Blocks copied either way since the start.
    var blocksSwappedTotal = 0

    public init() {}
}

/// The GPU memory split the memory bar draws, in exact bytes.
public struct MemoryFigures: Sendable, Equatable {
    public let gpuBytes: Int
    public let weightsBytes: Int
    public let activationBytes: Int
    /// What `gpu_memory_utilization` leaves out.
    public let reserveBytes: Int
    /// The KV cache region as a whole (numBlocks x blockBytes).
    public let kvPoolBytes: Int
    public let kvUsedBytes: Int
    public let kvCachedFreeBytes: Int
    /// Bytes of the used blocks that hold tokens (the rest is the half-filled last blocks).
    let kvTokenBytes: Int
    public let blockBytes: Int
    public let modelName: String
    public let gpuName: String
    /// What one block holds as tensors, when its factors multiply to `blockBytes`.
    public var anatomy: BlockAnatomy? = nil
    /// Memory outside PyTorch's allocator (CUDA context, graphs, NCCL): not part of the pool.
    public var nonTorchBytes: Int = 0

    /// Whatever the pool does not cover inside the budget (numBlocks rounds down).
    public var unallocatedBytes: Int {
        max(0, gpuBytes - weightsBytes - activationBytes - nonTorchBytes - reserveBytes - kvPoolBytes)
    }
}

/// A contiguous-allocation baseline at one step, for the contiguous and compare views.
public struct ContiguousView: Sendable, Equatable {
    public struct Extent: Sendable, Equatable {
        public let request: RequestID
        public let start: Int
        public let reserved: Int
        public let used: Int
        public let finalLength: Int
    }
    public let policyName: String
    public let capacitySlots: Int
    public let extents: [Extent]
    public let tokenStateSlots: Int
    public let reservedSlots: Int
    public let internalFragmentationSlots: Int
    public let externalFragmentationSlots: Int
    public let waitingRequests: Int
    public let runningRequests: Int
    /// The longest run of free slots between (or after) the extents.
    public var largestHole: Int {
        var cursor = 0
        var largest = 0
        for extent in extents.sorted(by: { $0.start < $1.start }) {
            largest = max(largest, extent.start - cursor)
            cursor = max(cursor, extent.start + extent.reserved)
        }
        return max(largest, capacitySlots - cursor)
    }

    /// The request at the head of the contiguous server's queue, kept out by memory.
    public var blocked: Blocked? = nil
    /// Once the paged run is complete: steps the contiguous server still needs (0 when it is
    /// done too); nil while the paged run goes on.
    public var stepsToFinish: Int? = nil
    /// It has run its last request; `finishedStep` is the step at which it had.
    public var isFinished = false
    public var finishedStep: Int? = nil
    /// Requests the contiguous server has served to their end so far.
    public var finishedRequests = 0
    /// The step at which the paged server had finished every request (nil while it runs).
    public var pagedFinishStep: Int? = nil

    /// A request the contiguous server cannot admit for lack of one hole large enough.
    public struct Blocked: Sendable, Equatable {
        public let request: RequestID
        /// Slots its reservation needs in one piece.
        public let slots: Int
        /// Free slots in all, and the largest single hole.
        public let freeSlots: Int
        public let largestHole: Int

        /// Enough slots are free, but no hole holds the reservation: external fragmentation.
        public var holeTooSmall: Bool { freeSlots >= slots && largestHole < slots }
    }
}
