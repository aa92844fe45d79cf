import CNcurses
import TerminalCanvas

extension CursesTerminal {
    /// Shows `canvas`, writing only the cells that changed since the previous frame (all of
    /// them after a resize or `invalidate()`), then updates the terminal once.
    ///
    /// Cells beyond the current terminal size are dropped. The bottom-right cell is never
    /// written (writing it would scroll some terminals), and a wide glyph that would not fit
    /// in the columns left becomes a space.
    public func draw(_ canvas: Canvas) {
        guard isRunning else { return }
        let screen = size
        let fullRedraw = previousFrame?.size != canvas.size
        if fullRedraw {
            Curses.eraseScreen()
        }
        for run in Canvas.diff(fullRedraw ? nil : previousFrame, canvas) {
            let y = run.origin.y
            guard y < screen.height else { continue }
            var x = run.origin.x
            for cell in run.cells {
                defer { x += 1 }
                guard !cell.isContinuation, x < screen.width else { continue }
                write(cell, x: x, y: y, screen: screen)
            }
        }
        previousFrame = canvas
        Curses.flush()
    }

    private func write(_ cell: Cell, x: Int, y: Int, screen: Size) {
        let lastRow = y == screen.height - 1
        if lastRow && x == screen.width - 1 { return }
        var glyph = cell.glyph
        if cell.isWide && (x + 1 >= screen.width || (lastRow && x + 1 == screen.width - 1)) {
            glyph = " "
        }
        let style = cell.style
        let attributes = Curses.attributes(
            bold: style.bold, dim: style.dim, reverse: style.reverse, underline: style.underline)
        Curses.put(glyph, x: x, y: y, attributes: attributes, pair: pair(for: style))
    }

    /// The colour pair for a style's colours: palette indexes approximated to the terminal's
    /// palette, or, on a direct-colour terminal, 0xRRGGBB values (see `Color.directColorValue`).
    private func pair(for style: Style) -> Int32 {
        guard let colorDepth else { return 0 }
        func number(_ color: Color) -> Int32 {
            if colorDepth == .direct { return color.directColorValue ?? -1 }
            switch color.approximated(paletteSize: colorDepth.paletteSize) {
            case .indexed(let index): return Int32(index)
            case .default, .rgb: return -1
            }
        }
        return colorPairs.pair(foreground: number(style.foreground), background: number(style.background)) {
            Curses.registerPair($0, foreground: $1, background: $2)
        }
    }
}
