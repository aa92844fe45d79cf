import TerminalCanvas

/// How the block grid packs blocks into cells inside its area. The largest cell form that fits
/// every block wins, so a small pool is drawn with the token text in its slots, a larger one as
/// cards or rows of slot glyphs, and a large one as three-column cells and then several blocks
/// per cell. The same value maps a cell index to a rect and a point back to a cell: it is the
/// single source of truth for clicks.
struct GridGeometry: Sendable, Equatable {
    /// The shapes a cell can take, largest first.
    enum Form: Sendable, Equatable, CaseIterable {
        /// Two rows: a top border with the block id, owner and ref count, then the slots with the
        /// text of the token each holds (pools of at most `maxTokenBlocks` blocks).
        case tokens
        /// A boxed card three rows tall: the block id on the top border, then the owner's label
        /// and one glyph per slot, then the ref count on the bottom border.
        case card
        /// One row: the owner's label, one glyph per slot and a mark.
        case slots
        /// One row: label, fill glyph, mark (blocks may be aggregated).
        case compact
    }

    /// What the grid is asked to show, besides the block count.
    struct Options: Sendable, Equatable {
        /// Columns of the owner label (A, AA, A1 ...): the widest label of the run, at most 3.
        var ownerWidth: Int
        /// The run has token text to write into slots (decoder mode).
        var hasTokens: Bool
        /// Focus mode: slot glyphs two columns wide, for a projector.
        public var enlarged: Bool

        public init(ownerWidth: Int = 1, hasTokens: Bool = false, enlarged: Bool = false) {
            self.ownerWidth = min(3, max(1, ownerWidth))
            self.hasTokens = hasTokens
            self.enlarged = enlarged
        }
    }

    /// Slot-by-slot forms only make sense for blocks small enough to read glyph by glyph.
    static let maxSlotsPerCell = 32
    /// Token text in slots is for pools small enough to read block by block.
    static let maxTokenBlocks = 64
    /// Token slots narrower than this cannot hold a CJK character.
    static let minTokenSlotWidth = 2
    static let maxTokenSlotWidth = 10

    public let area: Rect
    let blockCount: Int
    public let blockSize: Int
    public let options: Options
    let form: Form
    /// Columns of row labels (the first block id of each row) before the cells; 0 for cards.
    public let labelWidth: Int
    public let cellWidth: Int
    public let cellHeight: Int
    /// Columns each slot takes: its glyph (1, or 2 when enlarged) or, in the tokens form, its text.
    let slotWidth: Int
    /// Blank columns between two cells.
    public let gap: Int
    /// Blank columns before the first cell (cards are centred in the area).
    public let indent: Int
    public let columns: Int
    /// Rows of cells in use.
    public let rows: Int
    /// Blocks each cell stands for (1 unless the pool is larger than the grid).
    let blocksPerCell: Int
    /// Cells in use: ceil(blockCount / blocksPerCell).
    let cellCount: Int
    /// The row the legend goes on: the panel's bottom border, just under the area (nil when the
    /// area is empty).
    let legendRow: Int?

    /// `blockSize` 0 (unknown) allows only the compact form.
    public init(area: Rect, blockCount: Int, blockSize: Int = 0, options: Options = Options()) {
        self.area = area
        self.blockCount = max(0, blockCount)
        self.blockSize = max(0, blockSize)
        self.options = options
        legendRow = area.isEmpty ? nil : area.maxY
        let digits = String(max(0, blockCount - 1)).count
        let measure = Measure(area: area, blockCount: self.blockCount, blockSize: self.blockSize,
                              digits: digits, options: options)
        var chosen = measure.compact(gap: 1)
        if chosen.capacity < self.blockCount { chosen = measure.compact(gap: 0) }
        for form in Form.allCases where form != .compact {
            guard let shape = measure.shape(form), shape.capacity >= self.blockCount else { continue }
            chosen = shape
            break
        }
        form = chosen.form
        labelWidth = chosen.labelWidth
        cellWidth = chosen.width
        cellHeight = chosen.height
        slotWidth = chosen.slotWidth
        gap = chosen.gap
        columns = chosen.columns
        indent = (chosen.form == .card || chosen.form == .tokens) && chosen.columns > 0
            ? max(0, (area.width - chosen.columns * (chosen.width + chosen.gap) + chosen.gap) / 2) : 0
        let capacity = chosen.capacity
        if capacity == 0 || self.blockCount == 0 {
            blocksPerCell = 1
            cellCount = 0
            rows = chosen.rows
            return
        }
        var perCell = (self.blockCount + capacity - 1) / capacity
        if perCell > 1, columns >= 8 {
            // Round the aggregation up to a friendly value so row labels stay readable (e.g. 25
            // blocks per cell rather than 23).
            let nice = [2, 4, 5, 8, 10, 16, 20, 25, 32, 40, 50, 64, 100, 128, 200, 250, 500, 1000]
            perCell = nice.first { $0 >= perCell } ?? perCell
        }
        blocksPerCell = perCell
        cellCount = (self.blockCount + perCell - 1) / perCell
        rows = min(chosen.rows, (cellCount + max(columns, 1) - 1) / max(columns, 1))
    }

    /// Horizontal distance from one cell to the next.
    var pitch: Int { cellWidth + gap }

    /// The blocks a cell stands for.
    public func blocks(inCell cell: Int) -> Range<Int> {
        let start = cell * blocksPerCell
        return min(start, blockCount)..<min(start + blocksPerCell, blockCount)
    }

    public func cell(ofBlock block: Int) -> Int { block / max(blocksPerCell, 1) }

    /// The screen rect of a cell (its glyphs, without the gap after it).
    public func rect(ofCell cell: Int) -> Rect {
        guard columns > 0, cell >= 0, cell < cellCount else { return .zero }
        let row = cell / columns
        let column = cell % columns
        return Rect(x: area.x + labelWidth + indent + column * pitch, y: area.y + row * cellHeight,
                    width: cellWidth, height: cellHeight)
    }

    /// The cell under a screen point, if any (the gaps between cells belong to none).
    public func cell(at point: Point) -> Int? {
        guard columns > 0, point.y >= area.y, point.y < area.y + rows * cellHeight else { return nil }
        let offset = point.x - area.x - labelWidth - indent
        guard offset >= 0, offset % pitch < cellWidth else { return nil }
        let column = offset / pitch
        guard column < columns else { return nil }
        let cell = (point.y - area.y) / cellHeight * columns + column
        return cell < cellCount ? cell : nil
    }
}

/// One candidate form measured against an area: how many cells of it fit.
private struct Shape {
    let form: GridGeometry.Form
    let labelWidth: Int
    let width: Int
    let height: Int
    let slotWidth: Int
    let gap: Int
    let columns: Int
    let rows: Int

    var capacity: Int { columns * rows }
}

/// Measures each form for one area, pool and set of options.
private struct Measure {
    let area: Rect
    let blockCount: Int
    let blockSize: Int
    let digits: Int
    let options: GridGeometry.Options

    var glyphWidth: Int { options.enlarged ? 2 : 1 }

    func shape(_ form: GridGeometry.Form) -> Shape? {
        guard blockSize > 0, blockSize <= GridGeometry.maxSlotsPerCell else { return nil }
        switch form {
        case .tokens:
            return tokens()
        case .card:
            // │ label, slots │ ; the top border must hold "#id" plus one line cell.
            let width = max(options.ownerWidth + blockSize * glyphWidth + 2, digits + 4)
            return measured(form, label: 0, width: width, height: 3, gap: 1)
        case .slots:
            let label = area.width >= 20 ? digits + 1 : 0
            return measured(form, label: label, width: options.ownerWidth + blockSize * glyphWidth + 1, height: 1, gap: 1)
        case .compact:
            return compact(gap: 1)
        }
    }

    /// The widest slots that still fit every block: each cell is `│` + slots joined by `│` + `│`
    /// under a top border, two rows tall.
    private func tokens() -> Shape? {
        guard options.hasTokens, blockCount > 0, blockCount <= GridGeometry.maxTokenBlocks, blockSize <= 16 else {
            return nil
        }
        var best: Shape?
        for columns in 1...blockCount {
            let width = (area.width + 1) / columns - 1
            let slot = min(GridGeometry.maxTokenSlotWidth, (width - 2 - (blockSize - 1)) / blockSize)
            let rows = (blockCount + columns - 1) / columns
            guard slot >= GridGeometry.minTokenSlotWidth, rows * 2 <= area.height else { continue }
            let cellWidth = max(2 + blockSize * slot + blockSize - 1, digits + options.ownerWidth + 6)
            guard cellWidth <= width else { continue }
            if best == nil || slot > best!.slotWidth {
                best = Shape(form: .tokens, labelWidth: 0, width: cellWidth, height: 2, slotWidth: slot, gap: 1,
                             columns: columns, rows: area.height / 2)
            }
        }
        return best
    }

    func compact(gap: Int) -> Shape {
        let label = area.width >= 20 ? digits + 1 : 0
        let width = options.ownerWidth + 2
        var columns = max(0, (area.width - label + gap) / (width + gap))
        if columns >= 8 { columns = columns / 8 * 8 }
        return Shape(form: .compact, labelWidth: label, width: width, height: 1, slotWidth: 1, gap: gap,
                     columns: columns, rows: max(0, area.height))
    }

    private func measured(_ form: GridGeometry.Form, label: Int, width: Int, height: Int, gap: Int) -> Shape {
        let columns = max(0, (area.width - label + gap) / (width + gap))
        let rows = max(0, area.height / height)
        return Shape(form: form, labelWidth: label, width: width, height: height, slotWidth: glyphWidth, gap: gap,
                     columns: columns, rows: rows)
    }
}
