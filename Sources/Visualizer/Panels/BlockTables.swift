import Engine
import KVCore
import TerminalCanvas

/// Per request, its block table as the vLLM blog draws it: logical index -> physical block and
/// how many of its slots are filled (`▪` filled, `·` empty; `n/size` for large blocks), with the
/// ref count in parentheses when the block is shared. Requests without blocks are listed by
/// state underneath.
enum BlockTables {
    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let inner = frame.panel(rect, title: frame.tr("Block tables  logical→physical fill",
                                                      "块表  逻辑→物理 填充"),
                                focused: frame.state.focus == .tables, on: &canvas)
        guard !inner.isEmpty else { return }
        let laidOut = tableLines(frame, width: inner.width, limit: inner.height)
        var lines = laidOut.lines
        let starts = laidOut.starts
        if lines.count > inner.height, inner.height > 0 {
            let shown = inner.height - 1
            let hiddenTables = starts.count { $0 >= shown }
            let more = hiddenTables > 0
                ? frame.tr("+\(hiddenTables) more tables", "还有 \(hiddenTables) 个块表")
                : frame.tr("+\(lines.count - shown) more", "还有 \(lines.count - shown) 行")
            lines = Array(lines.prefix(shown))
            lines.append([Span(more, frame.theme.dim)])
        }
        for (row, spans) in lines.enumerated() {
            canvas.put(spans, at: Point(x: inner.x, y: inner.y + row), clip: inner)
        }
    }

    static func statusText(_ frame: Frame, _ status: RequestStatus) -> String {
        switch status {
        case .running: frame.tr("run ", "运行")
        case .waiting: frame.tr("wait", "等待")
        case .preempted: frame.tr("pre ", "抢占")
        case .finished: frame.tr("done", "完成")
        }
    }

    /// The lines of every table (then the requests without blocks), and the line each table
    /// starts on. Tables that would start past `limit` lines are not laid out (a 300-request run
    /// shows a dozen), but still get a start (`limit`) so the caller can count them.
    static func tableLines(_ frame: Frame, width: Int, limit: Int = .max) -> (lines: [[Span]], starts: [Int]) {
        let snapshot = frame.snapshot
        let labelWidth = max(2, snapshot.requests.map { DisplayWidth.of($0.label) }.max() ?? 1) + 1
        var lines: [[Span]] = []
        var starts: [Int] = []
        let holders = snapshot.requests.filter { !$0.blockTable.isEmpty }
        for request in holders {
            guard lines.count <= limit else {
                starts.append(limit)
                continue
            }
            starts.append(lines.count)
            let style = frame.ownerStyle(request.id)
            let head = [Span(TextLayout.pad(request.label, to: labelWidth), style.bolded()),
                        Span(statusText(frame, request.status) + " ", frame.theme.dim)]
            let indent = head.reduce(0) { $0 + $1.width }
            var line = head
            var lineWidth = indent
            for (logical, block) in request.blockTable.enumerated() {
                let entry = entrySpans(frame, request: request, logical: logical, block: block)
                let entryWidth = entry.reduce(0) { $0 + $1.width } + 1
                if lineWidth + entryWidth > width, lineWidth > indent {
                    lines.append(line)
                    line = [Span(String(repeating: " ", count: indent))]
                    lineWidth = indent
                }
                line += entry + [Span(" ")]
                lineWidth += entryWidth
            }
            lines.append(line)
        }
        let arrived = { (request: RequestView) in request.arrivalStep <= snapshot.step }
        let groups: [(String, String, (RequestView) -> Bool)] = [
            ("waiting", "等待", { $0.status == .waiting && arrived($0) }),
            ("preempted", "被抢占", { $0.status == .preempted }),
            ("arriving later", "稍后到达", { $0.status == .waiting && !arrived($0) }),
            ("finished", "已完成", { $0.status == .finished }),
        ]
        for (en, zh, belongs) in groups {
            let members = snapshot.requests.filter { belongs($0) && $0.blockTable.isEmpty }
            guard !members.isEmpty else { continue }
            var spans = [Span(frame.tr("\(en):", "\(zh)："), frame.theme.dim)]
            for request in members.prefix(40) {
                spans.append(Span(" " + request.label, frame.ownerStyle(request.id)))
            }
            if members.count > 40 { spans.append(Span(" +\(members.count - 40)", frame.theme.dim)) }
            lines.append(spans)
        }
        if lines.isEmpty {
            lines.append([Span(frame.tr("no request holds a block yet", "还没有请求占用块"), frame.theme.dim)])
        }
        return (lines, starts)
    }

    static func entrySpans(_ frame: Frame, request: RequestView, logical: Int, block: BlockID) -> [Span] {
        let snapshot = frame.snapshot
        let size = snapshot.blockSize
        let filled = min(size, max(0, request.numTokens - logical * size))
        let view = block.index < snapshot.blocks.count ? snapshot.blocks[block.index] : nil
        let changed = view?.change != nil
        let style = changed ? frame.ownerStyle(request.id).bolded().underlined() : frame.ownerStyle(request.id)
        var spans = [Span("\(logical)→", frame.theme.dim), Span("#\(block.index)", style)]
        if size <= 8 {
            spans.append(Span(String(repeating: "▪", count: filled) + String(repeating: "·", count: size - filled),
                              frame.ownerStyle(request.id)))
        } else {
            spans.append(Span(" \(filled)/\(size)", frame.theme.dim))
        }
        if let view, view.refCount > 1 { spans.append(Span("(\(view.refCount))", frame.theme.accent)) }
        return spans
    }
}
