import Engine
import KVCore

/// The aggregated grid (several blocks per cell), summarised once per frame: for each cell, the
/// request it is labelled with, the blocks in use, cached, shared or changed. A cell is labelled
/// with its main owner, except that a request holding blocks but the main owner of no cell takes
/// over the cell where it holds the most blocks, as long as the owner it displaces stays named
/// in another cell. So every request with blocks can be pointed at in the grid, unless there are
/// several small requests share one cell: those are listed in `unnamed` with the first block of
/// the cell holding most of their blocks, and the legend row names them (`D@96`).
struct GridGroups {
    struct Cell {
        /// The request the cell is labelled with (nil: no block in use).
        var owner: RequestID?
        var used = 0
        var cached = 0
        var shared = false
        var changed = false
        /// The label is not the main owner's: it names a request that no cell would otherwise.
        var minority = false
    }

    private(set) var cells: [Cell] = []
    /// Requests holding blocks that no cell names (several small ones sharing a cell), in
    /// request order, each with the first block of the cell holding most of its blocks.
    private(set) var unnamed: [(request: RequestID, firstBlock: Int)] = []

    init() {}

    init(_ snapshot: Snapshot, blocksPerCell: Int, cellCount: Int) {
        let perCell = max(1, blocksPerCell)
        cells = Array(repeating: Cell(), count: max(0, cellCount))
        var named: [RequestID: Int] = [:]
        summarise(snapshot.blocks, perCell: perCell, named: &named)
        nameEveryHolder(snapshot, perCell: perCell, named: &named)
    }

    /// Each cell's main owner and counts, one pass over the pool (read in place, chunk by chunk:
    /// 8,000 blocks a frame).
    private mutating func summarise(_ blocks: BlockViews, perCell: Int, named: inout [RequestID: Int]) {
        // A cell has a handful of owners: a short list beats a dictionary per cell.
        var counts: [(request: RequestID, blocks: Int)] = []
        counts.reserveCapacity(8)
        var cell = 0
        var summary = Cell()
        var counting = false
        func close() {
            summary.owner = counts.max {
                $0.blocks < $1.blocks || ($0.blocks == $1.blocks && $0.request > $1.request)
            }?.request
            if let owner = summary.owner { named[owner, default: 0] += 1 }
            cells[cell] = summary
        }
        blocks.forEachChunk { first, chunk in
            // The chunk in runs of blocks that fall in one cell.
            var offset = 0
            while offset < chunk.count {
                let at = (first + offset) / perCell
                guard at < cells.count else { return }
                if at != cell || !counting {
                    if counting { close() }
                    cell = at
                    summary = Cell()
                    counts.removeAll(keepingCapacity: true)
                    counting = true
                }
                let runEnd = min(chunk.count, (at + 1) * perCell - first)
                for index in offset..<runEnd {
                    // Fields read in place, no copy of the block (its owners array stays unretained).
                    let refCount = chunk[index].refCount
                    if refCount > 0 {
                        summary.used += 1
                        if let owner = chunk[index].owners.first?.request {
                            // Neighbouring blocks mostly share an owner: check the last one first.
                            if let last = counts.indices.last, counts[last].request == owner {
                                counts[last].blocks += 1
                            } else if let found = counts.firstIndex(where: { $0.request == owner }) {
                                counts[found].blocks += 1
                            } else {
                                counts.append((owner, 1))
                            }
                        }
                    } else if chunk[index].hash != nil {
                        summary.cached += 1
                    }
                    if refCount > 1 { summary.shared = true }
                    if chunk[index].change != nil { summary.changed = true }
                }
                offset = runEnd
            }
        }
        if counting { close() }
    }

    /// Requests the main owners leave out take over a cell holding their blocks when its owner
    /// stays named elsewhere; the rest are listed in `unnamed`.
    private mutating func nameEveryHolder(_ snapshot: Snapshot, perCell: Int, named: inout [RequestID: Int]) {
        var cellBlocks: [(cell: Int, blocks: Int)] = []
        for position in snapshot.holders where named[snapshot.requests[position].id] == nil {
            let request = snapshot.requests[position]
            cellBlocks.removeAll(keepingCapacity: true)
            for block in request.blockTable {
                let cell = block.index / perCell
                guard cell >= 0, cell < cells.count else { continue }
                if let at = cellBlocks.firstIndex(where: { $0.cell == cell }) {
                    cellBlocks[at].blocks += 1
                } else {
                    cellBlocks.append((cell, 1))
                }
            }
            // The cell where it holds the most blocks whose label can move without hiding anyone.
            let candidates = cellBlocks.filter { entry in
                let cell = cells[entry.cell]
                guard !cell.minority, let owner = cell.owner else { return cell.used > 0 && cell.owner == nil }
                return (named[owner] ?? 0) >= 2
            }
            let most = { (a: (cell: Int, blocks: Int), b: (cell: Int, blocks: Int)) in
                a.blocks < b.blocks || (a.blocks == b.blocks && a.cell > b.cell)
            }
            guard let best = candidates.max(by: most) else {
                if let home = cellBlocks.max(by: most) { unnamed.append((request.id, home.cell * perCell)) }
                continue
            }
            if let previous = cells[best.cell].owner { named[previous, default: 1] -= 1 }
            cells[best.cell].owner = request.id
            cells[best.cell].minority = true
            named[request.id] = 1
        }
    }
}
