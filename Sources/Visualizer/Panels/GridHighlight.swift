import Engine
import KVCore

/// What the block view emphasises in one frame, from the snapshot's change list and the focus:
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

    typealias Copy = StepChangeList.Copy

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

    /// The attention read and the copies come from the snapshot's change list (worked out once
    /// per step); only the numbering of the chosen request's blocks depends on the focus.
    init(_ snapshot: Snapshot, focused: RequestID?) {
        let changes = snapshot.changeList
        let attention = changes.reads.first { $0.request == focused } ?? (focused == nil ? changes.reads.first : nil)
        if let read = attention, read.blocks > 0, let view = snapshot.request(read.request) {
            request = view.id
            reason = .attention
            readKV = read.kv
            readBlocks = read.blocks
            number(view.blockTable.prefix(readBlocks))
        } else if let focused, let view = snapshot.request(focused) {
            request = focused
            reason = .focus
            number(view.blockTable[...])
        }
        collectCopies(changes.copies)
    }

    private mutating func number(_ table: ArraySlice<BlockID>) {
        logicalIndex.reserveCapacity(table.count)
        for (logical, block) in table.enumerated() where logicalIndex[block.index] == nil {
            logicalIndex[block.index] = logical
            blockRange = min(blockRange?.lowerBound ?? block.index, block.index)...max(blockRange?.upperBound ?? block.index, block.index)
        }
    }

    private mutating func collectCopies(_ copies: [Copy]) {
        self.copies = copies
        for copy in copies {
            // The source's card shows the whole step: first count before, last after.
            let first = copySources[copy.from.index] ?? copy
            copySources[copy.from.index] = Copy(request: first.request, from: copy.from, to: first.to,
                                                refBefore: first.refBefore, refAfter: copy.refAfter)
            copyDestinations[copy.to.index] = copy
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
