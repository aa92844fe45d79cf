import Engine
import KVCore

/// What the block view emphasises in one frame, derived from the snapshot and the focus:
///
/// - the **focused request** (Up/Down in the block tables, a click on a table row): its blocks
///   are highlighted and numbered in logical order, so scattered placement shows at a glance;
/// - the **attention read**: in a decode step, the blocks the new token's query reads, in table
///   order (the focused request's when it decoded, else the first request that decoded);
/// - **copy-on-write**: each copy's source and destination, and the source's ref count before
///   and after.
struct GridHighlight {
    enum Reason: Equatable {
        case focus, attention
    }

    struct Copy: Equatable {
        let request: RequestID?
        let from: BlockID
        let to: BlockID
        let refBefore: Int
        let refAfter: Int
    }

    /// The request whose blocks are numbered, and why.
    var request: RequestID?
    var reason: Reason?
    /// Logical index of each of that request's blocks, by physical block id.
    private var logicalIndex: [Int: Int] = [:]
    /// The lowest and highest numbered block ids, so an aggregated cell far from them skips
    /// the lookups (8,000 blocks a frame).
    private(set) var blockRange: ClosedRange<Int>?
    /// For an attention read: blocks read and K/V vectors read by the new token's query.
    var readBlocks = 0
    var readKV = 0
    var copies: [Copy] = []
    private var copySources: [Int: Copy] = [:]
    private var copyDestinations: [Int: Copy] = [:]

    static let none = GridHighlight()

    init() {}

    init(_ snapshot: Snapshot, focused: RequestID?) {
        let decoded = snapshot.chunks.filter { !$0.isPrefill }
        let attention = decoded.first { $0.request == focused } ?? (focused == nil ? decoded.first : nil)
        if let chunk = attention, let view = snapshot.request(chunk.request), !view.blockTable.isEmpty {
            request = view.id
            reason = .attention
            readKV = chunk.startPosition + chunk.numTokens
            readBlocks = min(view.blockTable.count, (readKV + snapshot.blockSize - 1) / max(1, snapshot.blockSize))
            number(view.blockTable.prefix(readBlocks))
        } else if let focused, let view = snapshot.request(focused) {
            request = focused
            reason = .focus
            number(view.blockTable[...])
        }
        collectCopies(snapshot)
    }

    private mutating func number(_ table: ArraySlice<BlockID>) {
        logicalIndex.reserveCapacity(table.count)
        for (logical, block) in table.enumerated() where logicalIndex[block.index] == nil {
            logicalIndex[block.index] = logical
            blockRange = min(blockRange?.lowerBound ?? block.index, block.index)...max(blockRange?.upperBound ?? block.index, block.index)
        }
    }

    private mutating func collectCopies(_ snapshot: Snapshot) {
        var pairs: [(SequenceID, BlockID, BlockID)] = []
        for case let .paging(.copiedOnWrite(seq, from, to, _)) in snapshot.events { pairs.append((seq, from, to)) }
        guard !pairs.isEmpty else { return }
        let bySequence = SequenceOwners(snapshot)
        // Each copy drops the source's ref count by one, in event order: two copies from a block
        // left at ref 1 went 3→2, then 2→1.
        // Beam search frees dropped beams and forks new ones after the copies, in the same step:
        // undo those to get the count right after the last copy.
        let afterCopies = Self.refChangesAfterLastCopy(snapshot)
        var refs: [Int: Int] = [:]
        for (_, from, _) in pairs {
            let now = from.index < snapshot.blocks.count ? snapshot.blocks[from.index].refCount : 0
            refs[from.index] = (refs[from.index] ?? (now - (afterCopies[from.index] ?? 0))) + 1
        }
        for (seq, from, to) in pairs {
            let before = refs[from.index] ?? 1
            refs[from.index] = before - 1
            let copy = Copy(request: bySequence[seq], from: from, to: to, refBefore: before, refAfter: before - 1)
            copies.append(copy)
            // The source's card shows the whole step: first count before, last after.
            let first = copySources[from.index] ?? copy
            copySources[from.index] = Copy(request: first.request, from: from, to: first.to,
                                           refBefore: first.refBefore, refAfter: copy.refAfter)
            copyDestinations[to.index] = copy
        }
    }

    /// The block's logical index in the highlighted request's table, if it is one of its blocks.
    func logical(of block: Int) -> Int? {
        guard let blockRange, blockRange.contains(block) else { return nil }
        return logicalIndex[block]
    }

    /// True when some block in `blocks` is numbered.
    func touches(_ blocks: Range<Int>) -> Bool {
        guard let blockRange, blocks.overlaps(blockRange) else { return false }
        return blocks.contains { logicalIndex[$0] != nil }
    }

    var isEmpty: Bool { logicalIndex.isEmpty }

    func copySource(_ block: Int) -> Copy? { copySources[block] }
    func copyDestination(_ block: Int) -> Copy? { copyDestinations[block] }
}
