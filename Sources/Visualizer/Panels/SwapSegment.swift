import Engine
import KVCore
import TerminalCanvas

/// The right end of the memory bar's first row when the run swaps (preemption: swap): the CPU
/// block pool in use and this step's traffic over the bus, e.g. `│ CPU 3/12 · out 3 in 0 · 48 KiB`
/// (`换出 3 换入 0` in Chinese); a step without traffic names the pool only. The longest form
/// that leaves the bar a third of the row (at least 24 columns) wins.
enum SwapSegment {
    static let minimumBarWidth = 24

    /// The forms, longest first.
    static func forms(_ frame: Frame, _ swap: SwapFigures) -> [[Span]] {
        let out = swap.swappedOut.reduce(0) { $0 + $1.gpu.count }
        let back = swap.swappedIn.reduce(0) { $0 + $1.gpu.count }
        let theme = frame.theme
        let moving = out + back > 0
        let traffic = moving ? theme.warning : theme.dim
        let pool = Span(frame.tr("CPU pool \(swap.cpuUsedBlocks)/\(swap.cpuBlocks)", "CPU 池 \(swap.cpuUsedBlocks)/\(swap.cpuBlocks)"),
                        theme.heading)
        let shortPool = Span("CPU \(swap.cpuUsedBlocks)/\(swap.cpuBlocks)", theme.heading)
        let moves = Span(frame.tr("swap out \(out) in \(back)", "换出 \(out) 换入 \(back)"), traffic)
        let shortMoves = Span(frame.tr("out \(out) in \(back)", "出 \(out) 入 \(back)"), traffic)
        let bytes = swap.bytesMovedThisStep.map { ByteCount.binary($0, fractionDigits: 1) }
        let separator = Span(" · ", theme.faint)
        let lead = Span("│ ", theme.faint)
        // A quiet step names the pool only and leaves the bar its room.
        guard moving else { return [[lead, pool], [lead, shortPool]] }
        var forms: [[Span]] = []
        if let bytes {
            forms.append([lead, pool, separator, moves, Span(frame.tr(" blocks, \(bytes) this step", " 块，本步 \(bytes)"), traffic)])
            forms.append([lead, pool, separator, moves, separator, Span(bytes, traffic)])
        } else {
            forms.append([lead, pool, separator, moves, Span(frame.tr(" blocks this step", " 块（本步）"), traffic)])
        }
        forms.append([lead, pool, separator, moves])
        forms.append([lead, shortPool, Span(" "), shortMoves])
        forms.append([lead, shortPool])
        return forms
    }

    /// Draws the segment at the right end of `row` (one row) and returns the columns it took
    /// (0 when the run does not swap).
    static func draw(_ frame: Frame, in row: Rect, barStart: Int, on canvas: inout Canvas) -> Int {
        guard let swap = frame.snapshot.swap, row.height >= 1 else { return 0 }
        for form in forms(frame, swap) {
            let width = form.reduce(0) { $0 + $1.width } + 1
            guard row.maxX - width - barStart >= max(minimumBarWidth, row.width / 3) else { continue }
            canvas.put(form, at: Point(x: row.maxX - width, y: row.y), clip: row)
            return width
        }
        return 0
    }
}
