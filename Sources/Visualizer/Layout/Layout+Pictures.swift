import Engine
import TerminalCanvas

extension Layout {
    /// Places the pictures a snapshot may ask for in the paged view: the beam tree (beam search)
    /// under the block tables, or in their place when the screen is too short for both, and the
    /// CPU pool of swapping preemption under the GPU grid (under the tables when the grid would
    /// no longer fit its blocks one per cell). Panels the run does not need stay `.zero`.
    mutating func placePictures(for snapshot: Snapshot) {
        guard !isTooSmall, !grid.isEmpty, !tables.isEmpty else { return }
        let treeRows = BeamTree.contentRows(snapshot)
        if treeRows > 0 {
            let box = treeRows + 2
            if tables.height >= box + Self.minimumTablesHeight {
                beamTree = Rect(x: tables.x, y: tables.maxY - box, width: tables.width, height: box)
                tables = Rect(x: tables.x, y: tables.y, width: tables.width, height: tables.height - box)
            } else {
                beamTree = tables
                tables = .zero
            }
        }
        guard let swap = snapshot.swap, swap.cpuBlocks > 0 else { return }
        if placeSwapPoolUnderGrid(snapshot) { return }
        // The GPU grid losing its cell form costs more than the free-queue strip's row: give the
        // row back to the grid and the tables and try again.
        if !queueStrip.isEmpty {
            let withStrip = self
            grid.height += 1
            tables.height += 1
            queueStrip = .zero
            if placeSwapPoolUnderGrid(snapshot) { return }
            self = withStrip
        }
        let cellRows = SwapPool.cellRows(snapshot, width: grid.width, tight: true)
        let box = SwapPool.cellRows(snapshot, width: tables.width) + 3
        if !tables.isEmpty, tables.height >= box + Self.minimumTablesHeight {
            swapPool = Rect(x: tables.x, y: tables.maxY - box, width: tables.width, height: box)
            tables = Rect(x: tables.x, y: tables.y, width: tables.width, height: tables.height - box)
        } else {
            let box = cellRows + 2
            swapPool = Rect(x: grid.x, y: grid.maxY - box, width: grid.width, height: box)
            grid = Rect(x: grid.x, y: grid.y, width: grid.width, height: grid.height - box)
        }
    }

    /// The CPU pool under the grid, if the grid keeps its cell form: with a row for the traffic
    /// line, else the traffic on the box's border, else cells without gaps.
    private mutating func placeSwapPoolUnderGrid(_ snapshot: Snapshot) -> Bool {
        let full = Self.geometry(snapshot, in: grid, focusMode: focusMode)
        for tight in [false, true] {
            let cellRows = SwapPool.cellRows(snapshot, width: grid.width, tight: tight)
            for box in [cellRows + 3, cellRows + 2] {
                let rest = Rect(x: grid.x, y: grid.y, width: grid.width, height: grid.height - box)
                if rest.height > 2, Self.geometry(snapshot, in: rest, focusMode: focusMode).keepsForm(of: full, blocks: snapshot.numBlocks) {
                    swapPool = Rect(x: grid.x, y: rest.maxY, width: grid.width, height: box)
                    grid = rest
                    return true
                }
            }
        }
        return false
    }

    /// Block tables keep at least this many rows (box included) when a picture shares their column.
    static let minimumTablesHeight = 12

    private static func geometry(_ snapshot: Snapshot, in rect: Rect, focusMode: Bool) -> GridGeometry {
        GridGeometry(area: rect.inset(by: 1), blockCount: snapshot.numBlocks, blockSize: snapshot.blockSize,
                     options: GridGeometry.Options(snapshot, focusMode: focusMode))
    }
}

private extension GridGeometry {
    /// Every block still has a cell of the same form as in `full`.
    func keepsForm(of full: GridGeometry, blocks: Int) -> Bool {
        form == full.form && blocksPerCell == full.blocksPerCell && columns * rows >= blocks
    }
}
