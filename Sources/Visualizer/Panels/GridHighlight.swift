import Engine
import KVCore

/// What the block view emphasises in one frame, from the snapshot's change list and the focus:
///
/// - the **focused request** (Up/Down in the block tables, a click on a table row): its blocks
///   are highlighted and numbered in logical order, so scattered placement shows at a glance;
/// - the **attention read**: in a decode step, the blocks the new token's query reads, in table
///   order (the focused request's when it decoded, else the first request that decoded); in a
///   hybrid model, in every KV-cache group: all of a full-attention group's blocks, only those
///   inside the window in a sliding-window group (numbered apart, `windowLogical(of:)`);
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
    /// Logical index of each of that request's blocks, by physical block id (in a hybrid
    /// model: the blocks of its full-attention groups).
    private var logicalIndex: [Int: Int] = [:]
    /// In a hybrid model: logical index of each numbered block of the request's sliding-window
    /// groups, by physical block id.
    private var windowIndex: [Int: Int] = [:]
    /// The lowest and highest numbered block ids, so an aggregated cell far from them skips
    /// the lookups (8,000 blocks a frame).
    private(set) var blockRange: ClosedRange<Int>?
    /// For an attention read: blocks read and K/V vectors read by the new token's query (in a
    /// hybrid model, in its primary group; `groupReads` has each group's).
    var readBlocks = 0
    var readKV = 0
    var groupReads: [GroupRead] = []
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
            groupReads = read.groups
            if read.groups.isEmpty {
                number(view.blockTable.prefix(readBlocks))
            } else {
                for (group, groupRead) in read.groups.enumerated() where group < view.groupTables.count {
                    number(view.groupTables[group], from: groupRead.firstLogical, count: groupRead.blocks)
                }
            }
        } else if let focused, let view = snapshot.request(focused) {
            request = focused
            reason = .focus
            if view.groupTables.isEmpty {
                number(view.blockTable[...])
            } else {
                for table in view.groupTables { number(table, from: 0, count: table.blocks.count) }
            }
        }
        collectCopies(changes.copies)
    }

    private mutating func number(_ table: ArraySlice<BlockID>) {
        logicalIndex.reserveCapacity(table.count)
        for (logical, block) in table.enumerated() where logicalIndex[block.index] == nil {
            logicalIndex[block.index] = logical
            widenRange(block.index)
        }
    }

    /// Numbers `count` entries of one group's table from logical block `first` (holes skipped):
    /// a full-attention group's with the primary numbers, a sliding group's apart.
    private mutating func number(_ table: GroupTableView, from first: Int, count: Int) {
        let end = min(table.blocks.count, first + count)
        guard first < end else { return }
        for logical in first..<end {
            guard let block = table.blocks[logical] else { continue }
            if table.attention.window == nil {
                if logicalIndex[block.index] == nil { logicalIndex[block.index] = logical }
            } else if windowIndex[block.index] == nil {
                windowIndex[block.index] = logical
            }
            widenRange(block.index)
        }
    }

    private mutating func widenRange(_ block: Int) {
        blockRange = min(blockRange?.lowerBound ?? block, block)...max(blockRange?.upperBound ?? block, block)
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

    /// The block's logical index in one of the highlighted request's sliding-window tables, if
    /// it is numbered there (hybrid models).
    func windowLogical(of block: Int) -> Int? {
        guard let blockRange, blockRange.contains(block) else { return nil }
        return windowIndex[block]
    }

    /// True when some block in `blocks` is numbered.
    func touches(_ blocks: Range<Int>) -> Bool {
        guard let blockRange, blocks.overlaps(blockRange) else { return false }
        return blocks.contains { logicalIndex[$0] != nil || windowIndex[$0] != nil }
    }

    var isEmpty: Bool { logicalIndex.isEmpty && windowIndex.isEmpty }

    func copySource(_ block: Int) -> Copy? { copySources[block] }
    func copyDestination(_ block: Int) -> Copy? { copyDestinations[block] }
}
