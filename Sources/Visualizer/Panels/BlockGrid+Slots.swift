import Engine
import KVCore
import TerminalCanvas

/// The slot-by-slot cell forms: what a block *is* (a row of token slots, some holding K/V) drawn
/// literally when the pool is small enough to show it.
extension BlockGrid {
    /// One glyph per slot from the snapshot's fill (`SlotFill`, shared with the block tables):
    /// `▪` K/V stored, `▫` token known but K/V not stored yet, `·` empty.
    static func slotGlyphs(_ frame: Frame, _ block: BlockView, style: Style) -> Span {
        Span(frame.theme.glyphs.slots(block.fill, size: frame.snapshot.blockSize),
             block.fill.used == 0 ? frame.theme.faint : style)
    }

    /// The owner's letter (or `○` for a cached free block) and the style the block is drawn in.
    static func ownerMark(_ frame: Frame, _ block: BlockView) -> (letter: Span, style: Style) {
        let theme = frame.theme
        if block.refCount > 0, let owner = block.owners.first {
            let style = frame.ownerStyle(owner.request)
            return (Span(String(Theme.letter(frame.label(owner.request))), style.bolded()), style)
        }
        if block.refCount > 0 { return (Span("?", theme.warning), .plain) }
        if block.isCachedFree { return (Span("○", theme.accent), theme.dim) }
        return (Span(" "), theme.faint)
    }

    /// `A▪▪▫·2`: letter, slots, then the ref count when shared or `*` when changed this step.
    static func slotLine(_ frame: Frame, _ block: BlockView) -> [Span] {
        let (letter, style) = ownerMark(frame, block)
        let body = block.change != nil ? style.bolded().underlined() : style
        let mark: Span
        if block.refCount > 1 {
            mark = Span(block.refCount < 10 ? "\(block.refCount)" : "+", frame.theme.accent)
        } else {
            mark = Span(block.change != nil ? "*" : " ", frame.theme.warning)
        }
        return [letter, slotGlyphs(frame, block, style: body), mark]
    }

    /// A boxed card, three rows:
    ///
    ///     ┌#3──*┐    id, and * when the block changed this step
    ///     │A▪▪▫·│    owner letter and slots
    ///     └──×2─┘    ref count when shared
    static func card(_ frame: Frame, _ block: BlockView, width: Int) -> [[Span]] {
        let theme = frame.theme
        let (letter, style) = ownerMark(frame, block)
        let border = block.refCount > 0 ? style : (block.isCachedFree ? theme.dim : theme.faint)
        let inner = max(0, width - 2)
        let id = "#\(block.id.index)"
        let changed = block.change != nil
        let topFill = max(0, inner - id.count - (changed ? 1 : 0))
        var top = [Span("┌", border), Span(id, block.refCount > 0 ? theme.heading : theme.dim),
                   Span(String(repeating: "─", count: topFill), border)]
        if changed { top.append(Span("*", theme.warning)) }
        top.append(Span("┐", border))

        let slots = slotGlyphs(frame, block, style: changed ? style.bolded() : style)
        let padding = max(0, inner - 1 - slots.width)
        let middle = [Span("│", border), letter, slots, Span(String(repeating: " ", count: padding)), Span("│", border)]

        let refs = block.refCount > 1 ? "×\(block.refCount)" : ""
        let left = max(0, (inner - refs.count + 1) / 2)
        let right = max(0, inner - refs.count - left)
        let bottom = [Span("└" + String(repeating: "─", count: left), border), Span(refs, theme.accent),
                      Span(String(repeating: "─", count: right) + "┘", border)]
        return [top, middle, bottom]
    }
}
