import Engine
import KVCore
import TerminalCanvas

/// One cell per physical block, in the largest form that fits (see `GridGeometry.Form`): the
/// token text in each slot for a small pool, then cards or rows of slot glyphs, then the owner's
/// label and colour with a glyph for how full the block is and a mark (the ref count when
/// shared, `⇒` when copied into this step, `*` when it changed). Cached free blocks show `○`,
/// clean free blocks `·`. When the pool outnumbers the cells, a cell stands for a group of
/// blocks (the label of its main owner, or of a request no other cell names, underlined; a
/// glyph for the share in use) and the title says how many.
/// The focused request's blocks (or those a decode query reads) are reversed and numbered in
/// logical order.
enum BlockGrid {
    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let snapshot = frame.snapshot
        let focused = frame.state.focus == .grid
        let geometry = frame.gridGeometry
        let blocks = ByteCount.grouped(snapshot.numBlocks)
        var title = frame.tr("Blocks \(blocks) × \(snapshot.blockSize) slots", "物理块 \(blocks) × \(snapshot.blockSize) 槽")
        if geometry.blocksPerCell > 1 {
            title += frame.tr(", \(geometry.blocksPerCell) per cell", "，每格 \(geometry.blocksPerCell) 块")
            // A narrow grid keeps the pool and the cells' share whole: "slots" goes first.
            if DisplayWidth.of(title) + 6 > rect.width {
                title = frame.tr("Blocks \(blocks) × \(snapshot.blockSize), \(geometry.blocksPerCell) per cell",
                                 "物理块 \(blocks) × \(snapshot.blockSize)，每格 \(geometry.blocksPerCell) 块")
            }
        }
        for extra in SamplingDesignLabel.titleForms(frame) where DisplayWidth.of(title + extra) + 6 <= rect.width {
            title += extra
            break
        }
        if let request = frame.highlight.request, geometry.blocksPerCell == 1 {
            for extra in highlightForms(frame, name: frame.label(request)) where DisplayWidth.of(title + extra) + 6 <= rect.width {
                title += extra
                break
            }
        }
        title = MappingView.title(frame, base: title, width: rect.width)
        _ = frame.panel(rect, title: title, focused: focused, on: &canvas)
        guard geometry.cellCount > 0 else { return }
        defer { MappingView.draw(frame, in: rect, title: title, on: &canvas) }

        for row in 0..<geometry.rows where geometry.labelWidth > 0 {
            let first = row * geometry.columns * geometry.blocksPerCell
            guard first < snapshot.numBlocks else { break }
            let label = TextLayout.rightAlign(String(first), width: geometry.labelWidth - 1)
            canvas.put(label, at: Point(x: geometry.area.x, y: geometry.area.y + row * geometry.cellHeight),
                       style: frame.theme.faint)
        }
        let inspectedCell = frame.state.inspected.map { geometry.cell(ofBlock: $0.index) }
        let groups = geometry.form == .compact && geometry.blocksPerCell > 1
            ? GridGroups(snapshot, blocksPerCell: geometry.blocksPerCell, cellCount: geometry.cellCount) : GridGroups()
        for cell in 0..<geometry.cellCount {
            let cellRect = geometry.rect(ofCell: cell)
            guard cellRect.maxY <= geometry.area.y + geometry.rows * geometry.cellHeight else { break }
            let reversed = (focused && cell == frame.state.cursor) || cell == inspectedCell
            if geometry.form == .compact {
                // One row of spans, no array of lines: this runs for every cell of a big pool.
                var spans = geometry.blocksPerCell == 1
                    ? single(frame, snapshot.blocks[cell], ownerWidth: geometry.options.ownerWidth)
                    : group(frame, groups.cells[cell], blocks: geometry.blocks(inCell: cell),
                            ownerWidth: geometry.options.ownerWidth)
                if reversed {
                    for index in spans.indices { spans[index].style = spans[index].style.reversed() }
                }
                canvas.put(spans, at: cellRect.origin, clip: cellRect)
                continue
            }
            var lines: [[Span]]
            switch geometry.form {
            case .tokens: lines = tokenCard(frame, snapshot.blocks[cell], geometry: geometry)
            case .card: lines = card(frame, snapshot.blocks[cell], geometry: geometry)
            case .slots, .compact: lines = [slotLine(frame, snapshot.blocks[cell], geometry: geometry)]
            }
            if reversed {
                for line in lines.indices {
                    for index in lines[line].indices { lines[line][index].style = lines[line][index].style.reversed() }
                }
            }
            for (row, line) in lines.enumerated() {
                canvas.put(line, at: Point(x: cellRect.x, y: cellRect.y + row), clip: cellRect)
            }
        }
        if let legendRow = geometry.legendRow {
            GridLegend.draw(frame, geometry: geometry, unnamed: groups.unnamed,
                            at: Point(x: geometry.area.x, y: legendRow), on: &canvas)
        }
    }

    /// What the title says of the highlighted request, longest first: the blocks its query reads
    /// (in each KV-cache group of a hybrid model), or that its blocks are numbered.
    static func highlightForms(_ frame: Frame, name: String) -> [String] {
        let highlight = frame.highlight
        guard highlight.reason == .attention else { return [frame.tr(" · \(name) in logical order", " · \(name) 按逻辑顺序")] }
        let reads = highlight.groupReads
        guard !reads.isEmpty else {
            return [frame.tr(" · \(name)'s query reads \(highlight.readBlocks) blocks", " · \(name) 的查询读 \(highlight.readBlocks) 块")]
        }
        return [frame.tr(" · \(name)'s query reads \(GroupReadText.blocks(frame, reads))",
                         " · \(name) 的查询读 \(GroupReadText.blocks(frame, reads))"),
                frame.tr(" · \(name) reads \(GroupReadText.tagged(frame, reads)) blocks", " · \(name) 读 \(GroupReadText.tagged(frame, reads)) 块"),
                frame.tr(" · \(name) reads \(GroupReadText.counts(reads)) blocks", " · \(name) 读 \(GroupReadText.counts(reads)) 块")]
    }

    /// The one-column mark after a block: `⇒` copied into this step, the ref count when shared,
    /// `*` when changed this step.
    static func mark(_ frame: Frame, _ block: BlockView) -> Span {
        let theme = frame.theme
        if frame.highlight.copyDestination(block.id.index) != nil { return Span(frame.theme.glyphs.copy, theme.warning) }
        if block.refCount > 1 { return Span(block.refCount < 10 ? "\(block.refCount)" : "+", theme.accent) }
        if block.change != nil { return Span(String(theme.glyphs.changed), theme.warning) }
        return Span(" ")
    }

    /// Label, fill glyph, mark: the columns of a compact cell. A highlighted block shows its
    /// logical index instead of label and fill.
    static func single(_ frame: Frame, _ block: BlockView, ownerWidth: Int) -> [Span] {
        let (owner, style) = ownerSpan(frame, block, width: ownerWidth)
        let changed = block.change != nil
        let body = changed ? style.bolded().underlined() : style
        var fill = Theme.fillGlyph(filled: block.fill.used, capacity: frame.snapshot.blockSize)
        if let number = highlightNumber(frame, block) {
            // The logical index takes the label's columns (and the fill's when it needs them).
            let fillSpan = Span(String(fill == " " ? "_" : fill), body)
            if number.count <= ownerWidth {
                return [Span(TextLayout.rightAlign(number, width: ownerWidth), style.bolded().reversed()), fillSpan,
                        mark(frame, block)]
            }
            if number.count <= ownerWidth + 1 {
                return [Span(number, style.bolded().reversed()), mark(frame, block)]
            }
        }
        if block.refCount > 0, fill == " " { fill = "_" }
        if block.refCount == 0, !block.isCachedFree { fill = frame.theme.glyphs.empty }
        return [owner, Span(String(fill), block.refCount > 0 ? body : (block.isCachedFree ? frame.theme.dim : frame.theme.faint)),
                mark(frame, block)]
    }

    /// The owner's label padded to `width` (`○` for a cached free block, blank when free) and
    /// the style the block is drawn in.
    static func ownerSpan(_ frame: Frame, _ block: BlockView, width: Int) -> (Span, Style) {
        let theme = frame.theme
        if block.refCount > 0, let owner = block.owners.first {
            let style = frame.ownerStyle(owner.request)
            // A block of a hybrid model's sliding-window group is marked `~`.
            let label = frame.snapshot.window(ofGroup: owner.group) != nil ? frame.label(owner.request) + "~" : frame.label(owner.request)
            return (Span(padded(label, to: width), style.bolded()), style)
        }
        if block.refCount > 0 { return (Span(TextLayout.pad("?", to: width), theme.warning), .plain) }
        if block.isCachedFree {
            return (Span(TextLayout.pad(String(theme.glyphs.cached), to: width), theme.accent), theme.dim)
        }
        return (Span(String(repeating: " ", count: width)), theme.faint)
    }

    /// A label (ASCII: A, AA, A1) cut or padded to `width` columns, without measuring display
    /// width: this runs for every cell of an 8,000-block grid.
    static func padded(_ label: String, to width: Int) -> String {
        let count = label.utf8.count
        if count == width { return label }
        if count < width { return label + String(repeating: " ", count: width - count) }
        return TextLayout.prefix(label, width: width).text
    }

    /// An aggregated cell: the label of the request `GridGroups` names in it (its main owner, or
    /// a request no other cell would name, underlined), the share of blocks in use as a fill
    /// glyph, and `+` when any block is shared (`○` when the group holds cached free blocks only).
    static func group(_ frame: Frame, _ summary: GridGroups.Cell, blocks: Range<Int>, ownerWidth: Int) -> [Span] {
        let theme = frame.theme
        let highlighted = frame.highlight.touches(blocks)
        let mark = summary.shared ? String(theme.glyphs.sharedGroup) : (summary.changed ? String(theme.glyphs.changed) : " ")
        if let owner = summary.owner {
            let style = frame.ownerStyle(owner)
            let fill = Theme.fillGlyph(filled: summary.used, capacity: blocks.count)
            let label = padded(frame.label(owner), to: ownerWidth)
            var labelStyle = highlighted ? style.bolded().reversed() : style.bolded()
            if summary.minority { labelStyle = labelStyle.underlined() }
            return [Span(label, labelStyle), Span(String(fill), style), Span(mark, theme.accent)]
        }
        if summary.cached > 0 {
            let fill = Theme.fillGlyph(filled: summary.cached, capacity: blocks.count)
            return [Span(TextLayout.pad(String(theme.glyphs.cached), to: ownerWidth), theme.accent),
                    Span(String(fill), theme.dim), Span(mark, theme.accent)]
        }
        return [Span(String(repeating: " ", count: ownerWidth)), Span(String(theme.glyphs.empty), theme.faint),
                Span(mark, theme.accent)]
    }
}
