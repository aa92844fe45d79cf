/// Consecutive cells of one row that changed between two frames: what a backend must rewrite.
public struct CellRun: Hashable, Sendable {
    /// Position of the first cell of the run.
    public var origin: Point
    /// The new cells, left to right. A run never starts on a continuation cell nor ends on the
    /// lead of a wide glyph, so it can be drawn on its own; backends skip continuation cells.
    public var cells: [Cell]

    public init(origin: Point, cells: [Cell]) {
        self.origin = origin
        self.cells = cells
    }
}

extension Canvas {
    /// The runs of cells in `new` that differ from `old`, row by row, left to right (ratatui's
    /// `Buffer::diff`): the minimum a backend has to write. With no `old`, or one of another
    /// size, every row is one full run (a full redraw).
    public static func diff(_ old: Canvas?, _ new: Canvas) -> [CellRun] {
        guard let old, old.width == new.width, old.height == new.height else {
            return (0..<new.height).compactMap { y in
                new.width == 0 ? nil : CellRun(origin: Point(x: 0, y: y), cells: Array(new.row(y)))
            }
        }
        var runs: [CellRun] = []
        for y in 0..<new.height {
            let base = y * new.width
            var x = 0
            while x < new.width {
                guard old._cells[base + x] != new._cells[base + x] else {
                    x += 1
                    continue
                }
                var start = x
                var end = x + 1
                while end < new.width && old._cells[base + end] != new._cells[base + end] {
                    end += 1
                }
                if new._cells[base + start].isContinuation && start > 0 { start -= 1 }
                if new._cells[base + end - 1].isWide && end < new.width { end += 1 }
                runs.append(CellRun(origin: Point(x: start, y: y), cells: Array(new._cells[(base + start)..<(base + end)])))
                x = end
            }
        }
        return runs
    }

    /// The number of cells `diff(old, new)` would rewrite: a cheap measure for tests and stats.
    public static func changedCellCount(_ old: Canvas?, _ new: Canvas) -> Int {
        diff(old, new).reduce(0) { $0 + $1.cells.count }
    }
}
