import KVCore

/// What a step changed, as the screen tells it: the change strip's items and the grid's
/// attention and copy-on-write highlights. Worked out once per step, when the snapshot is built
/// (`Snapshot.changeList`), so that drawing a frame only turns it into words and styles.
public struct StepChangeList: Sendable, Equatable {
    /// A decoded token's attention read: its query reads the request's first `blocks` blocks,
    /// `kv` K/V vectors in all (in a hybrid model: in its primary, full-attention group; `groups`
    /// has every group's read).
    public struct Read: Sendable, Equatable {
        public let request: RequestID
        public let blocks: Int
        public let kv: Int
        /// With `kv_groups`: what the query reads in each group, in group order; empty otherwise.
        public var groups: [GroupRead] = []
    }

    /// One copy on write: `from` copied into `to`, and `from`'s ref count before and after it.
    public struct Copy: Sendable, Equatable {
        /// The request that wrote (nil: no request owns the sequence any more).
        public let request: RequestID?
        public let from: BlockID
        public let to: BlockID
        public let refBefore: Int
        public let refAfter: Int

        public init(request: RequestID?, from: BlockID, to: BlockID, refBefore: Int, refAfter: Int) {
            self.request = request
            self.from = from
            self.to = to
            self.refBefore = refBefore
            self.refAfter = refAfter
        }
    }

    /// One request's blocks that met the same event this step, in the order they did.
    public struct Blocks: Sendable, Equatable {
        public let sequence: SequenceID
        /// The sequence's request (nil: no request owns it any more).
        public let request: RequestID?
        public internal(set) var blocks: [BlockID]
    }

    /// An event told on its own, in the order of the step's events.
    public enum Notable: Sendable, Equatable {
        /// `copies[index]`.
        case copied(index: Int)
        case preempted(RequestID, freedBlocks: Int)
        case beamDropped(RequestID, freedBlocks: Int)
        case finished(RequestID, bestBeam: Bool)
        case forked(parent: RequestID, child: RequestID)
    }

    /// One per decoded chunk, in the step's chunk order (`blocks` is 0 when its request holds
    /// no block).
    public internal(set) var reads: [Read] = []
    /// In event order.
    public internal(set) var copies: [Copy] = []
    public internal(set) var prefixHits: [Blocks] = []
    public internal(set) var allocated: [Blocks] = []
    /// Blocks whose last reference was dropped (back in the free queue).
    public internal(set) var freed: [Blocks] = []
    public internal(set) var evicted: [BlockID] = []
    public internal(set) var notable: [Notable] = []

    /// Nothing changed (step 0).
    public static let none = StepChangeList()

    init() {}

    /// The list for `snapshot`'s step, from its chunks and events.
    init(_ snapshot: Snapshot) {
        reads.reserveCapacity(snapshot.chunks.count)
        for chunk in snapshot.chunks where !chunk.isPrefill {
            // Fields read in place: a copy of the view would retain each of its arrays.
            let position = snapshot.position(of: chunk.request)
            let held = position.map { snapshot.requests[$0].blockTable.count } ?? 0
            let kv = chunk.startPosition + chunk.numTokens
            let blocks = min(held, (kv + snapshot.blockSize - 1) / max(1, snapshot.blockSize))
            var read = Read(request: chunk.request, blocks: blocks, kv: kv)
            if let position, !snapshot.requests[position].groupTables.isEmpty {
                read.groups = snapshot.requests[position].groupTables.map { GroupRead($0, kv: kv, blockSize: snapshot.blockSize) }
            }
            reads.append(read)
        }
        guard !snapshot.events.isEmpty else { return }
        let owners = SequenceOwners(snapshot)
        copies = Self.copies(snapshot, owners: owners)
        var copyIndex = 0
        func add(_ list: inout [Blocks], _ seq: SequenceID, _ block: BlockID) {
            if let index = list.firstIndex(where: { $0.sequence == seq }) {
                list[index].blocks.append(block)
            } else {
                list.append(Blocks(sequence: seq, request: owners[seq], blocks: [block]))
            }
        }
        for event in snapshot.events {
            switch event {
            case let .paging(.allocated(seq, block, _)): add(&allocated, seq, block)
            case let .paging(.prefixHit(seq, block, _)): add(&prefixHits, seq, block)
            case let .paging(.freed(seq, block, after)) where after == 0: add(&freed, seq, block)
            case let .paging(.evicted(block, _)): evicted.append(block)
            case .paging(.copiedOnWrite):
                notable.append(.copied(index: copyIndex))
                copyIndex += 1
            case let .preempted(id, freedBlocks): notable.append(.preempted(id, freedBlocks: freedBlocks))
            case let .beamDropped(id, freedBlocks): notable.append(.beamDropped(id, freedBlocks: freedBlocks))
            case let .finished(id):
                let best = snapshot.position(of: id).map { snapshot.requests[$0].beam?.isBest == true } ?? false
                notable.append(.finished(id, bestBeam: best))
            case let .forked(parent, child): notable.append(.forked(parent: parent, child: child))
            default: break
            }
        }
    }
}
