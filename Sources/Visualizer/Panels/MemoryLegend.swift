import TerminalCanvas

/// The memory bar's second row: one entry per segment (glyph, name, size). It sits under the bar
/// when it fits there, else it starts at the left edge with single gaps; when it still does not
/// fit it shortens in steps, never cutting a glyph or a word: empty segments go, then the sizes
/// of the minor segments, then whole minor entries (the KV cache's own entries stay longest).
enum MemoryLegend {
    /// How much an entry matters to a KV-cache reader: lower stays longer.
    static func priority(_ color: Palette.Swatch) -> Int {
        switch color {
        case .kvUsed, .kvFree, .tokens, .shareFree: 0
        case .kvCached: 1
        case .weights: 2
        case .outsidePool, .activations: 3
        case .reserve, .nonTorch: 4
        default: 3
        }
    }

    /// One entry as drawn: glyph, then name and (unless `bare`) size.
    static func spans(_ frame: Frame, _ segment: MemoryBar.Segment, wide: Bool, bare: Bool) -> [Span] {
        let text = bare ? segment.name : "\(segment.name) \(segment.label)"
        return [Span(String(segment.glyph), frame.theme.swatch(segment.color)), Span((wide ? " " : "") + text)]
    }

    /// The entries to draw and where, for a row starting at `rowX` of `width` columns whose bar
    /// starts at `barX`. Every returned entry is whole.
    static func fitted(_ frame: Frame, _ segments: [MemoryBar.Segment], barX: Int, rowX: Int,
                       width: Int) -> (x: Int, spans: [Span]) {
        func line(_ shown: [MemoryBar.Segment], gap: String, bare: Set<Int> = []) -> [Span] {
            var spans: [Span] = []
            // Each entry keeps its gap after it, as the legend has always been measured.
            for (index, segment) in shown.enumerated() {
                spans += self.spans(frame, segment, wide: gap.count > 1, bare: bare.contains(index))
                spans.append(Span(gap))
            }
            return spans
        }
        func measure(_ spans: [Span]) -> Int { spans.reduce(0) { $0 + $1.width } }
        // The shortened forms do not count the gap after their last entry.
        func tight(_ spans: [Span]) -> Int { measure(spans) - 1 }
        let maxX = rowX + width
        let under = line(segments, gap: "  ")
        if barX + measure(under) <= maxX { return (barX, under) }
        var shown = segments
        var candidate = line(shown, gap: " ")
        if measure(candidate) <= width { return (rowX, candidate) }
        shown = segments.filter { $0.amount > 0 }
        candidate = line(shown, gap: " ")
        if measure(candidate) <= width { return (rowX, candidate) }
        // Minor entries lose their size, least important first, then whole entries go.
        let order = shown.indices.sorted {
            (priority(shown[$0].color), $0) > (priority(shown[$1].color), $1)
        }
        var bare = Set<Int>()
        for index in order where priority(shown[index].color) > 0 {
            bare.insert(index)
            candidate = line(shown, gap: " ", bare: bare)
            if tight(candidate) <= width { return (rowX, candidate) }
        }
        var dropped = Set<Int>()
        for index in order {
            dropped.insert(index)
            let kept = shown.indices.filter { !dropped.contains($0) }
            let keptBare = Set(kept.enumerated().filter { bare.contains($0.element) }.map(\.offset))
            candidate = line(kept.map { shown[$0] }, gap: " ", bare: keptBare)
            if tight(candidate) <= width { return (rowX, candidate) }
        }
        return (rowX, [])
    }

    static func draw(_ frame: Frame, _ segments: [MemoryBar.Segment], barX: Int, in rect: Rect,
                     on canvas: inout Canvas) {
        let (x, spans) = fitted(frame, segments, barX: barX, rowX: rect.x, width: rect.width)
        canvas.put(spans, at: Point(x: x, y: rect.y), clip: rect)
    }
}
