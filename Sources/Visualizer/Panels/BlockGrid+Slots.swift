import Engine
import KVCore
import TerminalCanvas

/// The slot-by-slot cell forms: what a block *is* (a row of token slots, some holding K/V) drawn
/// literally when the pool is small enough to show it.
extension BlockGrid {
    /// One glyph per slot from the snapshot's fill (`SlotFill`, shared with the block tables):
    /// `▪` K/V stored, `▫` token known but K/V not stored yet, `·` empty; each glyph repeated
    /// `repeats` times (focus mode draws them two columns wide).
    static func slotGlyphs(_ frame: Frame, _ block: BlockView, style: Style, repeats: Int = 1) -> Span {
        var text = frame.theme.glyphs.slots(block.fill, size: frame.snapshot.blockSize)
        if repeats > 1 { text = String(text.flatMap { String(repeating: $0, count: repeats) }) }
        return Span(text, block.fill.used == 0 ? frame.theme.faint : style)
    }

    /// The number a highlighted block shows: its logical index (`~6` in a sliding-window group
    /// of a hybrid model), nil when the block is not numbered.
    static func highlightNumber(_ frame: Frame, _ block: BlockView) -> String? {
        if let logical = frame.highlight.logical(of: block.id.index) { return String(logical) }
        return frame.highlight.windowLogical(of: block.id.index).map { "~\($0)" }
    }

    /// The label column of a slot row or card: the owner, or the logical index when the block is
    /// highlighted and the number fits.
    static func labelSpan(_ frame: Frame, _ block: BlockView, width: Int) -> (Span, Style) {
        let (owner, style) = ownerSpan(frame, block, width: width)
        if let number = highlightNumber(frame, block) {
            let text = number.count <= width ? TextLayout.rightAlign(number, width: width) : owner.text
            return (Span(text, style.bolded().reversed()), style)
        }
        return (owner, style)
    }

    /// `A▪▪▫·2`: label, slots, then the mark.
    static func slotLine(_ frame: Frame, _ block: BlockView, geometry: GridGeometry) -> [Span] {
        let (label, style) = labelSpan(frame, block, width: geometry.options.ownerWidth)
        let body = block.change != nil ? style.bolded().underlined() : style
        return [label, slotGlyphs(frame, block, style: body, repeats: geometry.slotWidth), mark(frame, block)]
    }

    /// What the bottom or top border says about the ref count: `×2` when shared, `×3→2` on the
    /// source of a copy this step, `#1⇒` on its destination.
    static func refText(_ frame: Frame, _ block: BlockView) -> String {
        let glyphs = frame.theme.glyphs
        if let copy = frame.highlight.copySource(block.id.index) {
            return "×\(copy.refBefore)\(glyphs.becomes)\(copy.refAfter)"
        }
        if let copy = frame.highlight.copyDestination(block.id.index) { return "#\(copy.from.index)\(glyphs.copy)" }
        return block.refCount > 1 ? "×\(block.refCount)" : ""
    }

    /// A boxed card, three rows:
    ///
    ///     ┌#3──*┐    id, and * when the block changed this step
    ///     │A▪▪▫·│    owner label (or logical index when highlighted) and slots
    ///     └──×2─┘    ref count when shared (×3→2, #1⇒ around a copy)
    static func card(_ frame: Frame, _ block: BlockView, geometry: GridGeometry) -> [[Span]] {
        let theme = frame.theme
        let width = geometry.cellWidth
        let (label, style) = labelSpan(frame, block, width: geometry.options.ownerWidth)
        let highlighted = highlightNumber(frame, block) != nil
        var border = block.refCount > 0 ? style : (block.isCachedFree ? theme.dim : theme.faint)
        if highlighted { border = border.bolded() }
        let inner = max(0, width - 2)
        let id = "#\(block.id.index)"
        let changed = block.change != nil
        let topFill = max(0, inner - id.count - (changed ? 1 : 0))
        var top = [Span("┌", border), Span(id, block.refCount > 0 ? theme.heading : theme.dim),
                   Span(String(repeating: "─", count: topFill), border)]
        if changed { top.append(Span(String(theme.glyphs.changed), theme.warning)) }
        top.append(Span("┐", border))

        let slots = slotGlyphs(frame, block, style: changed ? style.bolded() : style, repeats: geometry.slotWidth)
        let padding = max(0, inner - label.width - slots.width)
        let middle = [Span("│", border), label, slots, Span(String(repeating: " ", count: padding)), Span("│", border)]

        let refs = TextLayout.prefix(refText(frame, block), width: inner).text
        let refsWidth = DisplayWidth.of(refs)
        let left = max(0, (inner - refsWidth + 1) / 2)
        let right = max(0, inner - refsWidth - left)
        let refStyle = frame.highlight.copyDestination(block.id.index) != nil ? theme.warning : theme.accent
        let bottom = [Span("└" + String(repeating: "─", count: left), border), Span(refs, refStyle),
                      Span(String(repeating: "─", count: right) + "┘", border)]
        return [top, middle, bottom]
    }

    /// Two rows, the token text written into the slots (small pools):
    ///
    ///     ┌#3─A:2───×2*┐   id, owner (A's logical block 2 when highlighted), ref count, change
    ///     │The│ pag│▫ed│·  │   stored tokens, ▫ pending, · empty
    static func tokenCard(_ frame: Frame, _ block: BlockView, geometry: GridGeometry) -> [[Span]] {
        let theme = frame.theme
        let size = frame.snapshot.blockSize
        let inner = max(0, geometry.cellWidth - 2)
        let (ownerLabel, style) = ownerSpan(frame, block, width: geometry.options.ownerWidth)
        let logical = frame.highlight.logical(of: block.id.index)
        let windowLogical = frame.highlight.windowLogical(of: block.id.index)
        var border = block.refCount > 0 ? style : (block.isCachedFree ? theme.dim : theme.faint)
        if logical != nil || windowLogical != nil { border = border.bolded() }
        let changed = block.change != nil

        var head: [Span] = [Span("#\(block.id.index)", block.refCount > 0 ? theme.heading : theme.dim), Span("─", border)]
        let name = ownerLabel.text.trimmingCharacters(in: .whitespaces)
        if block.refCount > 0, let owner = block.owners.first, frame.snapshot.window(ofGroup: owner.group) != nil {
            // A hybrid model's sliding-window group: `A~7`, logical block 7 of A's table there
            // (reversed while the highlighted query reads it).
            let request = frame.label(owner.request)
            head.append(Span("\(request)~\(owner.logicalIndex)",
                             windowLogical != nil ? style.bolded().reversed() : ownerLabel.style))
        } else if let logical {
            head.append(Span("\(name):\(logical)", style.bolded().reversed()))
        } else if !name.isEmpty {
            head.append(Span(name, ownerLabel.style))
        }
        var tail: [Span] = []
        let refs = refText(frame, block)
        if !refs.isEmpty {
            tail.append(Span(refs, frame.highlight.copyDestination(block.id.index) != nil ? theme.warning : theme.accent))
        }
        if changed { tail.append(Span(String(theme.glyphs.changed), theme.warning)) }
        let used = (head + tail).reduce(0) { $0 + $1.width }
        let top = [Span("┌", border)] + head + [Span(String(repeating: "─", count: max(0, inner - used)), border)]
            + tail + [Span("┐", border)]

        let request = block.owners.first.flatMap { frame.snapshot.request($0.request) }
        let start = (block.owners.first?.logicalIndex ?? 0) * size
        var row: [Span] = [Span("│", border)]
        for slot in 0..<size {
            if slot > 0 { row.append(Span("│", theme.faint)) }
            let state = block.fill.state(ofSlot: slot)
            var text: String
            var slotStyle: Style
            switch state {
            case .empty:
                text = String(theme.glyphs.empty)
                slotStyle = theme.faint
            case .stored, .pending:
                let position = start + slot
                let token = request.flatMap { position < $0.tokenTexts.count ? Sequences.display($0.tokenTexts[position]) : nil }
                if state == .pending {
                    text = String(theme.glyphs.pending) + (token ?? "")
                    slotStyle = block.refCount > 0 ? style.underlined() : theme.dim
                } else {
                    text = token ?? String(theme.glyphs.stored)
                    slotStyle = block.refCount > 0 ? (changed ? style.bolded() : style) : theme.dim
                }
            }
            let fitted = TextLayout.prefix(text, width: geometry.slotWidth)
            row.append(Span(fitted.text + String(repeating: " ", count: max(0, geometry.slotWidth - fitted.width)), slotStyle))
        }
        row.append(Span("│", border))
        return [top, row]
    }
}
