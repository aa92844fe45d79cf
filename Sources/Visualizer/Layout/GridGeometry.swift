import TerminalCanvas

/// How the block grid packs blocks into cells inside its area: an address label per row, cells
/// three columns wide (owner letter, fill glyph, mark), and several blocks per cell when the pool
/// outnumbers the cells. The same value maps a cell index to a rect and a point back to a cell.
public struct GridGeometry: Sendable, Equatable {
    public static let cellWidth = 3

    public let area: Rect
    public let blockCount: Int
    public let labelWidth: Int
    public let columns: Int
    public let rows: Int
    /// Blocks each cell stands for (1 unless the pool is larger than the grid).
    public let blocksPerCell: Int
    /// Cells in use: ceil(blockCount / blocksPerCell).
    public let cellCount: Int
    /// The row under the cells where the legend goes (nil when there is no room).
    public let legendRow: Int?

    public init(area: Rect, blockCount: Int) {
        self.area = area
        self.blockCount = max(0, blockCount)
        let digits = String(max(0, blockCount - 1)).count
        labelWidth = area.width >= 20 ? digits + 1 : 0
        var columns = max(0, (area.width - labelWidth) / Self.cellWidth)
        if columns >= 8 { columns = columns / 8 * 8 }
        let rows = area.height > 2 ? area.height - 1 : max(0, area.height)
        legendRow = area.height > 2 ? area.maxY - 1 : nil
        let capacity = columns * rows
        if capacity == 0 || self.blockCount == 0 {
            blocksPerCell = 1
            cellCount = 0
            self.columns = columns
            self.rows = rows
            return
        }
        var perCell = (self.blockCount + capacity - 1) / capacity
        if perCell > 1, columns >= 8 {
            // Round the aggregation up to a multiple of the row length's divisor-friendly values so
            // row labels stay readable (e.g. 25 blocks per cell rather than 23).
            let nice = [2, 4, 5, 8, 10, 16, 20, 25, 32, 40, 50, 64, 100, 128, 200, 250, 500, 1000]
            perCell = nice.first { $0 >= perCell } ?? perCell
        }
        blocksPerCell = perCell
        cellCount = (self.blockCount + perCell - 1) / perCell
        self.columns = columns
        self.rows = min(rows, (cellCount + max(columns, 1) - 1) / max(columns, 1))
    }

    /// The blocks a cell stands for.
    public func blocks(inCell cell: Int) -> Range<Int> {
        let start = cell * blocksPerCell
        return min(start, blockCount)..<min(start + blocksPerCell, blockCount)
    }

    public func cell(ofBlock block: Int) -> Int { block / max(blocksPerCell, 1) }

    /// The screen rect of a cell (its glyphs, without the trailing gap).
    public func rect(ofCell cell: Int) -> Rect {
        guard columns > 0, cell >= 0, cell < cellCount else { return .zero }
        let row = cell / columns
        let column = cell % columns
        return Rect(x: area.x + labelWidth + column * Self.cellWidth, y: area.y + row,
                    width: Self.cellWidth, height: 1)
    }

    /// The cell under a screen point, if any.
    public func cell(at point: Point) -> Int? {
        guard columns > 0, point.y >= area.y, point.y < area.y + rows else { return nil }
        let offset = point.x - area.x - labelWidth
        guard offset >= 0 else { return nil }
        let column = offset / Self.cellWidth
        guard column < columns else { return nil }
        let cell = (point.y - area.y) * columns + column
        return cell < cellCount ? cell : nil
    }
}
