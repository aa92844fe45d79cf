import Engine
import KVCore
import TerminalCanvas

/// Draws the mapping plan over the block grid: routed, the band's labels (`B L0 L1 ...`, in the
/// owner's colour) and its lines in box characters; as a strip, `B L0→#2 L1→#3` on the grid's
/// top border after its title. The attention sweep marks the label (or strip entry) and the
/// cell being read, and writes the vectors read beside it.
enum MappingView {
    /// The grid's title with the strip: the base title stays when the whole strip fits after it,
    /// otherwise the strip takes the border alone.
    static func title(_ frame: Frame, base: String, width: Int) -> String {
        guard case .strip = frame.mapping.form, !frame.mapping.rows.isEmpty else { return base }
        let strip = stripWidth(frame)
        return DisplayWidth.of(base) + 3 + strip + 6 <= width ? base + " ·" : ""
    }

    static func draw(_ frame: Frame, in rect: Rect, title: String, on canvas: inout Canvas) {
        switch frame.mapping.form {
        case .off:
            break
        case .strip:
            let start = title.isEmpty ? rect.x + 1
                : rect.x + 1 + DisplayWidth.of(frame.theme.boxTitle(title, focused: frame.state.focus == .grid))
            drawStrip(frame, at: Point(x: start, y: rect.y), clip: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 3, height: 1),
                      on: &canvas)
        case let .routed(band, labels, routes):
            drawBand(frame, band: band, labels: labels, routes: routes, on: &canvas)
        }
        drawSweptCell(frame, on: &canvas)
    }

    /// The vectors the sweep has read: `K 9/14`, then `K 14 · V 5/14`, then both totals.
    static func sweepCount(_ frame: Frame) -> String? {
        guard let sweep = activeSweep(frame) else { return nil }
        let total = sweep.vectors
        switch sweep.phase {
        case .keys: return frame.tr("reads K \(sweep.keysRead)/\(total)", "读 K \(sweep.keysRead)/\(total)")
        case .values: return frame.tr("K \(total) · reads V \(sweep.valuesRead)/\(total)", "K \(total) · 读 V \(sweep.valuesRead)/\(total)")
        case .done: return frame.tr("read K \(total) + V \(total)", "已读 K \(total) + V \(total)")
        }
    }

    /// The sweep, when it reads the table the mapping draws first (focusing another request
    /// shows that one's mapping without the sweep).
    private static func activeSweep(_ frame: Frame) -> AttentionSweep? {
        guard let sweep = frame.state.sweep, sweep.step == frame.snapshot.step,
              frame.mapping.rows.first?.request == sweep.request else { return nil }
        return sweep
    }

    /// True when `row`'s entry `logical` is the one the sweep reads now.
    private static func isSwept(_ frame: Frame, row: Int, logical: Int?) -> Bool {
        guard let sweep = activeSweep(frame), let logical, sweep.logical == logical,
              frame.mapping.rows.indices.contains(row) else { return false }
        return frame.mapping.rows[row].request == sweep.request
    }

    private static func sweepStyle(_ frame: Frame) -> Style { frame.theme.warning.reversed() }

    private static func stripWidth(_ frame: Frame) -> Int {
        var width = frame.mapping.strip().reduce(0) { $0 + DisplayWidth.of($1.text) + 1 }
        if let count = sweepCount(frame) { width += DisplayWidth.of(count) + 3 }
        return width
    }

    private static func drawStrip(_ frame: Frame, at point: Point, clip: Rect, on canvas: inout Canvas) {
        var spans: [Span] = [Span(" ")]
        if let count = sweepCount(frame) { spans += [Span(count, frame.theme.warning), Span(" · ")] }
        for part in frame.mapping.strip() {
            let row = frame.mapping.rows.indices.contains(part.row) ? frame.mapping.rows[part.row] : nil
            let owner = row.map { frame.ownerStyle($0.request) } ?? frame.theme.plain
            let style = isSwept(frame, row: part.row, logical: part.logical) ? sweepStyle(frame)
                : part.logical == nil && part.text != "·" ? owner.bolded() : owner
            spans.append(Span(part.text, style))
            spans.append(Span(" "))
        }
        canvas.put(spans, at: point, clip: clip)
        if point.x + spans.reduce(0, { $0 + $1.width }) > clip.maxX { canvas.put("…", at: Point(x: clip.maxX - 1, y: point.y), style: frame.theme.faint) }
    }

    private static func drawBand(_ frame: Frame, band: Rect, labels: [MappingPlan.Label], routes: MappingRoutes,
                                 on canvas: inout Canvas) {
        var lastX = band.x
        for label in labels {
            let row = frame.mapping.rows[label.row]
            let owner = frame.ownerStyle(row.request)
            // Underlined too, so the label read stands out without colour (mono, --no-color).
            let style = isSwept(frame, row: label.row, logical: label.logical) ? sweepStyle(frame).underlined()
                : label.logical == nil ? owner.bolded() : owner.reversed()
            canvas.put(label.text, at: Point(x: label.x, y: band.y), style: style, clip: band)
            lastX = max(lastX, label.x + DisplayWidth.of(label.text))
        }
        if let count = sweepCount(frame), lastX + 2 + DisplayWidth.of(count) <= band.maxX {
            canvas.put(count, at: Point(x: lastX + 2, y: band.y), style: frame.theme.warning, clip: band)
        }
        // Each line in its table's colour; where lines of two tables meet, the first table's.
        var styles: [Point: Style] = [:]
        for line in routes.lines.reversed() {
            let style = isSwept(frame, row: line.row, logical: line.logical)
                ? frame.theme.warning : frame.ownerStyle(frame.mapping.rows[line.row].request)
            for point in line.path { styles[point] = style }
        }
        let joints = routes.joints()
        for (point, joint) in joints {
            canvas.put(String(joint.glyph), at: point, style: styles[point] ?? frame.theme.plain)
        }
        // The swept line on top, so its whole path reads in the sweep's colour.
        for line in routes.lines where isSwept(frame, row: line.row, logical: line.logical) {
            for point in line.path { canvas.put(String(joints[point]?.glyph ?? "│"), at: point, style: frame.theme.warning) }
        }
    }

    /// The grid cell of the block the sweep reads, drawn in the sweep's colour (glyphs kept).
    private static func drawSweptCell(_ frame: Frame, on canvas: inout Canvas) {
        guard let block = activeSweep(frame)?.block else { return }
        let geometry = frame.gridGeometry
        let rect = geometry.rect(ofCell: geometry.cell(ofBlock: block.index))
        let style = sweepStyle(frame)
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX where !canvas[x, y].isContinuation {
                var cell = canvas[x, y]
                cell.style = style
                canvas[x, y] = cell
            }
        }
    }
}
