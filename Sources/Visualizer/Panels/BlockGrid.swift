import Engine
import KVCore
import TerminalCanvas

/// One cell per physical block, in the largest form that fits (see `GridGeometry.Form`): a card
/// or a row of slots for a small pool; otherwise the owner's letter and colour, a glyph for how
/// full it is, and a mark (the ref count when shared, `*` when it changed this step). Cached free blocks show `○`,
/// clean free blocks `·`. When the pool outnumbers the cells, a cell stands for a group of blocks
/// (letter of the main owner, glyph for the share in use) and the legend says how many.
enum BlockGrid {
    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let snapshot = frame.snapshot
        let focused = frame.state.focus == .grid
        var title = frame.tr("Blocks \(snapshot.numBlocks) × \(snapshot.blockSize) slots",
                             "物理块 \(snapshot.numBlocks) × \(snapshot.blockSize) 槽")
        let geometry = frame.layout.gridGeometry(blockCount: snapshot.numBlocks, blockSize: snapshot.blockSize)
        if geometry.blocksPerCell > 1 {
            title += frame.tr(", \(geometry.blocksPerCell) per cell", "，每格 \(geometry.blocksPerCell) 块")
        }
        _ = frame.panel(rect, title: title, focused: focused, on: &canvas)
        guard geometry.cellCount > 0 else { return }

        for row in 0..<geometry.rows where geometry.labelWidth > 0 {
            let first = row * geometry.columns * geometry.blocksPerCell
            guard first < snapshot.numBlocks else { break }
            let label = TextLayout.rightAlign(String(first), width: geometry.labelWidth - 1)
            canvas.put(label, at: Point(x: geometry.area.x, y: geometry.area.y + row * geometry.cellHeight),
                       style: frame.theme.faint)
        }
        let inspectedCell = frame.state.inspected.map { geometry.cell(ofBlock: $0.index) }
        for cell in 0..<geometry.cellCount {
            let cellRect = geometry.rect(ofCell: cell)
            guard cellRect.maxY <= geometry.area.y + geometry.rows * geometry.cellHeight else { break }
            var lines: [[Span]]
            switch geometry.form {
            case .card: lines = card(frame, snapshot.blocks[cell], width: geometry.cellWidth)
            case .slots: lines = [slotLine(frame, snapshot.blocks[cell])]
            case .compact:
                lines = [geometry.blocksPerCell == 1
                    ? single(frame, snapshot.blocks[cell])
                    : group(frame, snapshot.blocks[geometry.blocks(inCell: cell)])]
            }
            if (focused && cell == frame.state.cursor) || cell == inspectedCell {
                for line in lines.indices {
                    for index in lines[line].indices { lines[line][index].style = lines[line][index].style.reversed() }
                }
            }
            for (row, line) in lines.enumerated() {
                canvas.put(line, at: Point(x: cellRect.x, y: cellRect.y + row), clip: cellRect)
            }
        }
        if let legendRow = geometry.legendRow {
            drawLegend(frame, geometry: geometry, at: Point(x: geometry.area.x, y: legendRow), on: &canvas)
        }
    }

    /// Letter, fill glyph, mark: the three columns of a cell.
    static func single(_ frame: Frame, _ block: BlockView) -> [Span] {
        let theme = frame.theme
        let changed = block.change != nil
        let markStyle = changed ? theme.warning : theme.accent
        if block.refCount > 0, let owner = block.owners.first {
            let style = frame.ownerStyle(owner.request)
            let letter = Theme.letter(frame.label(owner.request))
            let fill = Theme.fillGlyph(filled: block.fill.used, capacity: frame.snapshot.blockSize)
            let mark: String = block.refCount > 1 ? (block.refCount < 10 ? "\(block.refCount)" : "+")
                                                  : (changed ? "*" : " ")
            let body = changed ? style.bolded().underlined() : style
            return [Span(String(letter), body.bolded()), Span(String(fill == " " ? "_" : fill), body), Span(mark, markStyle)]
        }
        if block.refCount > 0 {
            return [Span("?", theme.warning), Span("█"), Span(changed ? "*" : " ", markStyle)]
        }
        let mark = changed ? "*" : " "
        if block.isCachedFree {
            let fill = Theme.fillGlyph(filled: block.fill.used, capacity: frame.snapshot.blockSize)
            return [Span("○", theme.accent), Span(String(fill), theme.dim), Span(mark, markStyle)]
        }
        return [Span(" "), Span("·", theme.faint), Span(mark, markStyle)]
    }

    /// An aggregated cell: the main owner's letter, the share of blocks in use as a fill glyph,
    /// and `+` when any block is shared (`○` when the group holds cached free blocks only).
    static func group(_ frame: Frame, _ blocks: ArraySlice<BlockView>) -> [Span] {
        var used = 0
        var cached = 0
        var shared = false
        var changed = false
        // A group has a handful of owners: a short list beats a dictionary per cell per frame.
        var counts: [(request: RequestID, blocks: Int)] = []
        for block in blocks {
            if block.refCount > 0 {
                used += 1
                if let owner = block.owners.first {
                    if let index = counts.firstIndex(where: { $0.request == owner.request }) {
                        counts[index].blocks += 1
                    } else {
                        counts.append((owner.request, 1))
                    }
                }
            } else if block.hash != nil {
                cached += 1
            }
            shared = shared || block.refCount > 1
            changed = changed || block.change != nil
        }
        let theme = frame.theme
        let mark = shared ? "+" : (changed ? "*" : " ")
        if let main = counts.max(by: { $0.blocks < $1.blocks || ($0.blocks == $1.blocks && $0.request > $1.request) })?.request {
            let style = frame.ownerStyle(main)
            let fill = Theme.fillGlyph(filled: used, capacity: blocks.count)
            return [Span(String(Theme.letter(frame.label(main))), style.bolded()), Span(String(fill), style),
                    Span(mark, theme.accent)]
        }
        if cached > 0 {
            let fill = Theme.fillGlyph(filled: cached, capacity: blocks.count)
            return [Span("○", theme.accent), Span(String(fill), theme.dim), Span(mark, theme.accent)]
        }
        return [Span(" "), Span("·", theme.faint), Span(mark, theme.accent)]
    }

    /// The legend sits on the panel's bottom border, so every row inside goes to blocks.
    static func drawLegend(_ frame: Frame, geometry: GridGeometry, at point: Point, on canvas: inout Canvas) {
        let clip = Rect(x: geometry.area.x, y: point.y, width: geometry.area.width, height: 1)
        let theme = frame.theme
        let key: [Span]
        switch geometry.form {
        case .card, .slots:
            key = [Span("A", theme.heading), Span(frame.tr(" owner ", " 所有者 ")),
                   Span("▪", theme.heading), Span(frame.tr(" K/V ", " 已算 ")),
                   Span("▫", theme.heading), Span(frame.tr(" pending ", " 待算 ")),
                   Span("·", theme.faint), Span(frame.tr(" empty ", " 空 "))]
        case .compact where geometry.blocksPerCell > 1:
            key = [Span(frame.tr("A▅ owner, share used ", "A▅ 主要所有者、使用比例 "))]
        case .compact:
            key = [Span(frame.tr("A▅ owner, fill ", "A▅ 所有者、填充 "))]
        }
        let shared = geometry.form == .compact && geometry.blocksPerCell > 1 ? "+" : (geometry.form == .card ? "×2" : "2")
        let marks = [Span(shared, theme.accent), Span(frame.tr(" refs ", " 引用 ")),
                     Span("○", theme.accent), Span(frame.tr(" cached ", " 缓存 ")),
                     Span("*", theme.warning), Span(frame.tr(" new", " 本步"))]
        var spans = [Span(" ")] + key + marks + [Span(" ")]
        if spans.reduce(0, { $0 + $1.width }) > clip.width {
            // Narrow panels: the owner letter and slot glyphs explain themselves less than the marks.
            spans = [Span(" ")] + marks + [Span(" ")]
        }
        for index in spans.indices where spans[index].style == .plain { spans[index].style = theme.dim }
        canvas.put(spans, at: point, clip: clip)
    }
}
