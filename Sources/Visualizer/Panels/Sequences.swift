import Foundation
import Engine
import KVCore
import TerminalCanvas

/// Per request, its tokens: the prompt dim, the generated tokens in the owner's colour, the
/// tokens computed this step underlined and the token sampled this step reversed. Long sequences
/// keep their tail (the newest tokens). In memory-only mode, a length bar: prompt `█`,
/// generated `▓`, still to generate `░`, with the numbers.
enum Sequences {
    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let inner = frame.panel(rect, title: frame.tr("Sequences  prompt │ generated", "序列  提示 │ 生成"),
                                focused: frame.state.focus == .sequences, on: &canvas)
        guard !inner.isEmpty else { return }
        let snapshot = frame.snapshot
        let rows = SequenceRows(snapshot)
        if rows.count == 0 {
            canvas.put(frame.tr("no requests", "没有请求"), at: inner.origin, style: frame.theme.dim, clip: inner)
            return
        }
        var window = 0..<rows.count
        var hidden = 0
        if rows.count > inner.height {
            // The mouse wheel scrolls the rows; the last line counts what is not shown.
            let visible = max(0, inner.height - 1)
            let start = min(max(0, frame.state.sequenceScroll), max(0, rows.count - visible))
            window = start..<min(rows.count, start + visible)
            hidden = rows.count - window.count
        }
        let labelWidth = max(2, snapshot.groups.widestLabel) + 1
        let maxLength = snapshot.groups.longestRequest
        let shown = window.map { rows[$0] }
        for (row, request) in shown.enumerated() {
            let line = Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1)
            let style = frame.ownerStyle(request.id)
            canvas.put(TextLayout.pad(request.label, to: labelWidth), at: line.origin, style: style.bolded(), clip: line)
            let counts = beamTag(frame, request)
                + "\(request.promptLength)+\(request.outputLength)/\(request.promptLength + request.maxOutputTokens)"
            let countsWidth = DisplayWidth.of(counts) + 1
            let body = Rect(x: line.x + labelWidth, y: line.y, width: max(0, line.width - labelWidth - countsWidth),
                            height: 1)
            if request.tokenTexts.isEmpty {
                drawLengthBar(frame, request, maxLength: maxLength, in: body, on: &canvas)
            } else {
                canvas.put(tail(tokenSpans(frame, request), width: body.width), at: body.origin, clip: body)
            }
            canvas.put(TextLayout.rightAlign(counts, width: countsWidth), at: Point(x: body.maxX, y: line.y),
                       style: frame.theme.dim, clip: line)
        }
        if hidden > 0 {
            canvas.put(frame.tr("+\(hidden) more", "还有 \(hidden) 个"), at: Point(x: inner.x, y: inner.maxY - 1),
                       style: frame.theme.dim, clip: inner)
        }
    }

    /// The panel's rows in order: running requests, then waiting and preempted ones, then
    /// finished ones (best beams first), each group in request order. Reads only the rows asked
    /// for, except in a beam search (a few dozen requests), whose finished beams are ranked.
    struct SequenceRows {
        let snapshot: Snapshot
        private let ranked: [RequestView]?

        init(_ snapshot: Snapshot) {
            self.snapshot = snapshot
            if snapshot.groups.beams > 0 {
                ranked = snapshot.requests.filter { $0.status == .running }
                    + snapshot.requests.filter { $0.status != .running && $0.status != .finished }
                    + Sequences.beamsRanked(snapshot.requests.filter { $0.status == .finished })
            } else {
                ranked = nil
            }
        }

        var count: Int { ranked?.count ?? snapshot.requests.count }

        subscript(row: Int) -> RequestView {
            if let ranked { return ranked[row] }
            let groups = snapshot.groups
            if row < groups.running.count { return snapshot.requests[groups.running[row]] }
            let queued = row - groups.running.count
            if queued < groups.queued.count { return snapshot.requests[groups.queued[queued]] }
            return snapshot.requests[groups.finished[queued - groups.queued.count]]
        }
    }

    /// How a token shows inside a sequence: as written, with newlines and tabs made visible.
    static func display(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\t", with: "⇥")
    }

    static func tokenSpans(_ frame: Frame, _ request: RequestView) -> [Span] {
        var spans: [Span] = []
        let owner = frame.ownerStyle(request.id)
        for (position, text) in request.tokenTexts.enumerated() {
            if position == request.promptLength { spans.append(Span(" │ ", frame.theme.faint)) }
            var style = position < request.promptLength ? frame.theme.dim : owner
            if position >= request.numComputedTokens, position < request.numTokens { style = frame.theme.faint }
            if request.computedThisStep?.contains(position) == true { style = style.underlined() }
            if request.sampledPosition == position { style = owner.bolded().reversed() }
            spans.append(Span(display(text), style))
        }
        return spans
    }

    /// The last spans that fit in `width`, with `…` in front when some were dropped.
    static func tail(_ spans: [Span], width: Int) -> [Span] {
        let total = spans.reduce(0) { $0 + $1.width }
        guard total > width else { return spans }
        var kept: [Span] = []
        var used = 1
        for span in spans.reversed() {
            if used + span.width > width { break }
            kept.append(span)
            used += span.width
        }
        return [Span("…")] + kept.reversed()
    }

    static func drawLengthBar(_ frame: Frame, _ request: RequestView, maxLength: Int, in rect: Rect,
                              on canvas: inout Canvas) {
        guard rect.width > 0, maxLength > 0 else { return }
        let total = request.promptLength + request.maxOutputTokens
        let scaled = max(1, total * rect.width / maxLength)
        let widths = proportionalWidths([request.promptLength, request.outputLength,
                                         request.maxOutputTokens - request.outputLength], width: scaled)
        let owner = frame.ownerStyle(request.id)
        var x = rect.x
        for (width, (glyph, style)) in zip(widths, [("█", owner), ("▓", owner.bolded()), ("░", frame.theme.faint)]) {
            canvas.fill(Rect(x: x, y: rect.y, width: min(width, rect.maxX - x), height: 1), glyph: Character(glyph),
                        style: style)
            x += width
        }
    }
}
