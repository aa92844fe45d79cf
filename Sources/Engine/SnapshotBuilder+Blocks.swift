import KVCore

/// The block part of a snapshot: a view per block, the pool's tokens, the token slots in use
/// and the blocks carrying a change of the step.
struct BlockPicture {
    var views: BlockViews
    var slotTokens: SlotTokens
    var tokenSlots: Int
    var changed: [BlockID]
}

extension SnapshotBuilder {
    /// Every block's view, from the pool and the views of the requests holding blocks.
    /// O(blocks + table entries).
    func allBlocks(views: RequestViews, holders: [Int], changes: StepChanges) -> BlockPicture {
        let kv = state.scheduler.kv
        let primaryGroup = kv.primaryGroup
        var owners = [BlockOwners](repeating: BlockOwners(), count: kv.numBlocks)
        // Per block, the most slots any holder has stored (K/V computed) and knows (tokens).
        var stored = [Int](repeating: 0, count: kv.numBlocks)
        var known = [Int](repeating: 0, count: kv.numBlocks)
        // A hybrid manager's `blockTable` is its primary group's: owners say which group that is.
        for position in holders {
            let request = views[position]
            let running = request.status == .running
            for (logical, block) in request.blockTable.enumerated() {
                if running {
                    owners[block.index].append(BlockOwner(request: request.id, logicalIndex: logical, position: position, group: primaryGroup))
                }
                let slots = Self.slots(of: request, logical: logical, blockSize: kv.blockSize)
                stored[block.index] = max(stored[block.index], slots.stored)
                known[block.index] = max(known[block.index], slots.known)
            }
            // A hybrid manager's other groups: their blocks are owned too, marked by group.
            for group in request.groupTables.indices where group != primaryGroup {
                for (logical, block) in request.groupTables[group].blocks.enumerated() {
                    guard let block else { continue }
                    if running {
                        owners[block.index].append(BlockOwner(request: request.id, logicalIndex: logical, position: position, group: group))
                    }
                    let slots = Self.slots(of: request, logical: logical, blockSize: kv.blockSize)
                    stored[block.index] = max(stored[block.index], slots.stored)
                    known[block.index] = max(known[block.index], slots.known)
                }
            }
        }
        var blocks = BlockViews()
        var tokenSlots = 0
        for index in 0..<kv.numBlocks {
            let view = blockView(index, kv: kv, owners: owners[index], stored: stored[index], known: known[index],
                                 change: changes[index])
            if view.refCount > 0 { tokenSlots += view.filledSlots }
            blocks.append(view)
        }
        return BlockPicture(views: blocks, slotTokens: SlotTokens(kv), tokenSlots: tokenSlots,
                            changed: changes.blockIDs)
    }

    /// The previous snapshot's blocks with the views of the blocks either step changed drawn
    /// again: the pool's touched blocks of both steps, both steps' highlights and the blocks
    /// `delta` names. Takes the block storage out of `previous`. O(those blocks).
    func patchedBlocks(_ previous: inout Snapshot, delta: BlockViewDelta, views: RequestViews,
                       changes: StepChanges) -> BlockPicture {
        let kv = state.scheduler.kv
        var blocks = previous.blocks
        previous.blocks = BlockViews()
        var tokens = previous.slotTokens
        previous.slotTokens = SlotTokens(blockSize: kv.blockSize)
        // Each block once: the pool's changes between the two steps (the touched list of the
        // later one), both steps' highlights, the delta's.
        var seen = IndexSet64(capacity: blocks.count)
        var touched = IndexSet64(capacity: blocks.count)
        var dirty: [Int] = []
        for block in state.step > previous.step ? state.lastTouched : previous.touchedBlocks {
            touched.insert(block.index)
            if seen.insert(block.index) { dirty.append(block.index) }
        }
        for block in previous.changedBlocks where seen.insert(block.index) { dirty.append(block.index) }
        for block in changes.blocks where seen.insert(block) { dirty.append(block) }
        for block in delta.dirty where seen.insert(block) { dirty.append(block) }

        var tokenSlots = previous.tokenSlots
        let blockSize = kv.blockSize
        for index in dirty {
            // Drawn again in place; returns the change in token slots of used blocks.
            tokenSlots += blocks.update(index) { view in
                var owners = view.owners
                delta.applyOwnerChanges(of: index, to: &owners)
                var stored = 0
                var known = 0
                for owner in owners {
                    let start = owner.logicalIndex * blockSize
                    stored = max(stored, min(blockSize, views[owner.position].numComputedTokens - start))
                    known = max(known, min(blockSize, views[owner.position].numTokens - start))
                }
                let before = view.refCount > 0 ? view.filledSlots : 0
                view = blockView(index, kv: kv, owners: owners, stored: stored, known: known, change: changes[index])
                return (view.refCount > 0 ? view.filledSlots : 0) - before
            }
            if touched.contains(index) { tokens.update(BlockID(index), from: kv) }
        }
        return BlockPicture(views: blocks, slotTokens: tokens, tokenSlots: tokenSlots,
                            changed: changes.blockIDs)
    }

    /// The slots of a request's logical block whose K/V it has stored, and whose tokens it knows.
    private static func slots(of request: RequestView, logical: Int, blockSize: Int) -> (stored: Int, known: Int) {
        let start = logical * blockSize
        return (min(blockSize, max(0, request.numComputedTokens - start)), min(blockSize, max(0, request.numTokens - start)))
    }

    /// One block's view from the pool, its owners and the most slots its holders stored and know.
    private func blockView(_ index: Int, kv: any BlockManager, owners: BlockOwners, stored: Int, known: Int,
                           change: BlockChange?) -> BlockView {
        let id = BlockID(index)
        let (refCount, filled, hash, ticket) = kv.state(of: id)
        let fill: SlotFill
        if refCount > 0 {
            let held = max(known, filled)
            fill = SlotFill(stored: min(stored, held), pending: held - min(stored, held))
        } else {
            fill = hash != nil ? SlotFill(stored: filled, pending: 0) : .empty
        }
        return BlockView(id: id, refCount: refCount, filledSlots: filled, fill: fill, hash: hash, owners: owners,
                         change: change, queueTicket: ticket)
    }
}

/// The step's change of each block, as a dense table (one byte a block) and the list of the
/// blocks that have one, in the order first marked.
struct StepChanges {
    private var byBlock: [BlockChange?]
    private(set) var blocks: [Int] = []

    init(numBlocks: Int) { byBlock = [BlockChange?](repeating: nil, count: numBlocks) }

    subscript(block: Int) -> BlockChange? { byBlock[block] }

    mutating func set(_ block: Int, _ change: BlockChange) {
        if byBlock[block] == nil { blocks.append(block) }
        byBlock[block] = change
    }

    var blockIDs: [BlockID] { blocks.map(BlockID.init) }
}

extension Snapshot {
    /// Nothing at all: what the engine holds for the instant its snapshot is handed to the
    /// builder (so the builder finds the snapshot's arrays unshared).
    static let handedOver = Snapshot(
        step: 0, blockSize: 1, blocks: BlockViews(), changedBlocks: [], freeQueue: [], queueTakes: [],
        workPerStep: ChunkedArray(), requests: RequestViews(), waiting: [],
        running: [], chunks: [], events: [], counters: ComputeCounters(), memory: nil, prefixCaching: false,
        sampling: .v1, publishing: .whenScheduled, swap: nil, isComplete: true, contiguous: nil,
        slotTokens: SlotTokens(blockSize: 1), touchedBlocks: [], tokenSlots: 0, holdersAllRun: true,
        requestIndex: RequestPositions(), holders: [], groups: RequestGroups(), usedBlocks: 0, cachedFreeBlocks: 0)
}
