/// A grid of cells that panels draw into and backends or encoders read out: the screen as a value.
///
/// Nothing here touches a terminal (ratatui's rule: no widget talks to the terminal), so views
/// are pure functions into a `Canvas`, testable as strings. Every drawing call clips to the
/// canvas: coordinates may be negative or huge and the canvas may be 0x0; nothing traps.
public struct Canvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major cells, shape (height, width).
    var _cells: [Cell]

    /// A cleared canvas; negative sizes make an empty one.
    public init(width: Int, height: Int, style: Style = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        let count = self.width.multipliedReportingOverflow(by: self.height)
        precondition(!count.overflow, "canvas size overflows")
        self._cells = [Cell](repeating: .blank(style), count: count.partialValue)
    }

    public init(size: Size, style: Style = .plain) {
        self.init(width: size.width, height: size.height, style: style)
    }

    public var size: Size { Size(width: width, height: height) }

    /// The whole canvas as a rectangle at the origin: the clip every drawing call applies.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`; `Cell.blank` outside the canvas.
    ///
    /// Setting a cell keeps wide glyphs whole: a wide glyph claims the cell to its right (or
    /// becomes a space in the last column), and overwriting half of an existing wide glyph turns
    /// its other half into a space. Writes outside the canvas are ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard contains(x: x, y: y) else { return .blank }
            return _cells[y * width + x]
        }
        set {
            guard contains(x: x, y: y) else { return }
            if newValue.isWide {
                if x + 1 < width {
                    placeWide(newValue.glyph, style: newValue.style, x: x, y: y)
                } else {
                    place(.blank(newValue.style), x: x, y: y)
                }
            } else if newValue.isContinuation {
                place(.blank(newValue.style), x: x, y: y)
            } else {
                place(newValue, x: x, y: y)
            }
        }
    }

    public subscript(point: Point) -> Cell {
        get { self[point.x, point.y] }
        set { self[point.x, point.y] = newValue }
    }

    /// The cells of row `y` (empty outside the canvas).
    public func row(_ y: Int) -> ArraySlice<Cell> {
        guard y >= 0, y < height else { return [] }
        return _cells[(y * width)..<(y * width + width)]
    }

    /// Resets every cell to a space in `style`.
    public mutating func clear(style: Style = .plain) {
        for index in _cells.indices {
            _cells[index] = .blank(style)
        }
    }

    func contains(x: Int, y: Int) -> Bool {
        x >= 0 && x < width && y >= 0 && y < height
    }

    // MARK: Writing cells while keeping wide glyphs whole (coordinates already checked)

    /// Writes a one-column cell at an in-bounds position.
    mutating func place(_ cell: Cell, x: Int, y: Int) {
        detachWideNeighbour(x: x, y: y)
        _cells[y * width + x] = cell
    }

    /// Writes a wide glyph at an in-bounds position whose right neighbour is also in bounds.
    mutating func placeWide(_ glyph: Character, style: Style, x: Int, y: Int) {
        detachWideNeighbour(x: x, y: y)
        detachWideNeighbour(x: x + 1, y: y)
        _cells[y * width + x] = Cell(glyph: glyph, style: style, width: 2)
        _cells[y * width + x + 1] = .continuation(style)
    }

    /// Before (x, y) is overwritten: if it is half of a wide glyph, blank the other half.
    private mutating func detachWideNeighbour(x: Int, y: Int) {
        let cell = _cells[y * width + x]
        if cell.isContinuation, x > 0 {
            _cells[y * width + x - 1] = .blank(_cells[y * width + x - 1].style)
        } else if cell.isWide, x + 1 < width {
            _cells[y * width + x + 1] = .blank(cell.style)
        }
    }
}
