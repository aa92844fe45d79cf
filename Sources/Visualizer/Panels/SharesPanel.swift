import Engine
import KVCore
import TerminalCanvas

/// The compare view's bottom: paged versus contiguous as four-way share bars of the same memory
/// (token states | reserved for future tokens | internal fragmentation | external fragmentation,
/// the rest free), the PagedAttention paper's Fig. 2 at this step.
enum SharesPanel {
    struct Shares {
        var tokens = 0, reserved = 0, internalFragment = 0, externalFragment = 0, free = 0
        var all: [Int] { [tokens, reserved, internalFragment, externalFragment, free] }
        var total: Int { all.reduce(0, +) }
    }

    static func paged(_ snapshot: Snapshot) -> Shares {
        var shares = Shares()
        for block in snapshot.blocks where block.refCount > 0 {
            shares.tokens += block.filledSlots
            shares.internalFragment += snapshot.blockSize - block.filledSlots
        }
        shares.free = snapshot.numBlocks * snapshot.blockSize - shares.tokens - shares.internalFragment
        return shares
    }

    static func contiguous(_ view: ContiguousView) -> Shares {
        var shares = Shares()
        shares.tokens = view.tokenStateSlots
        shares.reserved = view.reservedSlots
        shares.internalFragment = view.internalFragmentationSlots
        shares.externalFragment = view.externalFragmentationSlots
        shares.free = max(0, view.capacitySlots - shares.tokens - shares.reserved - shares.internalFragment
                             - shares.externalFragment)
        return shares
    }

    static let glyphs: [(Character, Palette.Swatch)] = [("█", .tokens), ("▒", .reserved), ("░", .internalFragment),
                                                        ("▚", .externalFragment), ("·", .shareFree)]

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let inner = frame.panel(rect, title: frame.tr("Memory shares at this step", "本步内存占比"), on: &canvas)
        guard inner.height >= 1 else { return }
        var rows: [(String, Shares)] = [(frame.tr("paged", "分页"), paged(frame.snapshot))]
        if let view = frame.snapshot.contiguous {
            rows.append((view.policyName, contiguous(view)))
        }
        let nameWidth = rows.map { DisplayWidth.of($0.0) }.max()! + 1
        var y = inner.y
        for (name, shares) in rows where y < inner.maxY {
            canvas.put(TextLayout.pad(name, to: nameWidth), at: Point(x: inner.x, y: y), style: frame.theme.heading,
                       clip: inner)
            let figures = " " + percent(shares.tokens, of: shares.total) + frame.tr(" used, ", " 使用，")
                + percent(shares.total - shares.tokens - shares.free, of: shares.total) + frame.tr(" wasted", " 浪费")
            let figuresWidth = DisplayWidth.of(figures)
            let bar = Rect(x: inner.x + nameWidth, y: y, width: max(0, inner.width - nameWidth - figuresWidth), height: 1)
            var x = bar.x
            for (width, (glyph, color)) in zip(proportionalWidths(shares.all, width: bar.width), glyphs) where width > 0 {
                canvas.fill(Rect(x: x, y: y, width: width, height: 1), glyph: glyph,
                            style: frame.theme.swatch(color))
                x += width
            }
            canvas.put(figures, at: Point(x: bar.maxX, y: y), style: frame.theme.dim, clip: inner)
            y += 1
        }
        guard y < inner.maxY else { return }
        let names = [frame.tr("tokens", "token"), frame.tr("reserved", "预留"), frame.tr("internal frag.", "内部碎片"),
                     frame.tr("external frag.", "外部碎片"), frame.tr("free", "空闲")]
        var spans: [Span] = [Span(String(repeating: " ", count: nameWidth))]
        for ((glyph, color), name) in zip(glyphs, names) {
            spans.append(Span(String(glyph), frame.theme.swatch(color)))
            spans.append(Span(" \(name)   ", frame.theme.dim))
        }
        canvas.put(spans, at: Point(x: inner.x, y: y), clip: inner)
    }
}
