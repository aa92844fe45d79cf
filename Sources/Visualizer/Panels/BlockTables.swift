import Engine
import KVCore
import TerminalCanvas

/// Per request, its block table as the vLLM blog and the PagedAttention paper draw it: one entry
/// per logical block with the columns logical # | physical # | # filled | ref. The fill comes from
/// the snapshot's `SlotFill`, the same value the grid draws (`▪` stored, `▫` pending, `·` empty;
/// `2+1` = 2 stored + 1 pending). When the entries do not fit as rows, each table is drawn inline
/// (`0→#3▪▪▫·`), still from the same fill. The focused request's rows are highlighted; requests
/// without blocks are listed by state underneath.
enum BlockTables {
    /// One line of the panel, and the request it belongs to (a click on it focuses that request).
    struct Line {
        var spans: [Span]
        var request: RequestID?
        /// Tables side by side (the stacked form): the columns each request's table covers.
        var regions: [Region] = []

        struct Region {
            let x: Int
            let width: Int
            let request: RequestID
        }

        /// The request a click at column `x` of the line points at.
        func request(atColumn x: Int) -> RequestID? {
            regions.first { x >= $0.x && x < $0.x + $0.width }?.request ?? request
        }
    }

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let inner = frame.panel(rect, title: frame.tr("Block tables", "块表"),
                                focused: frame.state.focus == .tables, on: &canvas)
        guard !inner.isEmpty else { return }
        let shown = visible(frame, width: inner.width, height: inner.height)
        for (row, line) in shown.lines.enumerated() {
            canvas.put(line.spans, at: Point(x: inner.x, y: inner.y + row), clip: inner)
        }
        // What is left out, counted on the bottom border (as the grid's legend), so every row
        // of the panel holds a table line.
        if let more = shown.more {
            let border = Rect(x: inner.x, y: inner.maxY, width: inner.width, height: 1)
            canvas.put([Span(" "), Span(more, frame.theme.dim), Span(" ")], at: border.origin, clip: border)
        }
    }

    /// The lines shown in a panel of `width` x `height` (`update` maps clicks with them).
    static func visibleLines(_ frame: Frame, width: Int, height: Int) -> [Line] {
        visible(frame, width: width, height: height).lines
    }

    /// The lines shown, scrolled so the focused request's table starts in view, and the count
    /// of what is hidden ("+2 more tables", "+3 more lines"), nil when everything shows.
    static func visible(_ frame: Frame, width: Int, height: Int) -> (lines: [Line], more: String?) {
        guard height > 0 else { return ([], nil) }
        let plan = Plan(frame, width: width, height: height)
        let all = lines(frame, plan, width: width, limit: height + scrollLimit(frame))
        guard all.count > height else { return (all, nil) }
        var offset = 0
        let header = all.first?.request == nil && !plan.holders.isEmpty && plan.columnar ? 1 : 0
        if let focused = frame.state.focusedRequest,
           let start = all.firstIndex(where: { $0.request == focused }), start >= height {
            offset = min(start - header, all.count - height)
        }
        var shown = Array(all[0..<header]) + Array(all[(offset + header)...].prefix(height - header))
        if plan.hybrid { shown = wholeTables(shown, next: all.dropFirst(offset + shown.count).first) }
        let hidden = requestsHidden(plan, shown: shown)
        // Lines of requests without blocks ("waiting: D") left out below the tables.
        let others = all.dropFirst(offset + shown.count).filter { $0.request == nil }.count
        var more = hidden > 0 ? frame.tr("+\(hidden) more table\(hidden == 1 ? "" : "s")", "还有 \(hidden) 个块表")
                              : frame.tr("+\(all.count - shown.count) more line\(all.count - shown.count == 1 ? "" : "s")",
                                         "还有 \(all.count - shown.count) 行")
        if hidden > 0, others > 0 { more += frame.tr(", \(others) line\(others == 1 ? "" : "s")", "、\(others) 行") }
        return (shown, more)
    }

    /// A hybrid table's group rows shown all or none: the rows of a request cut by the panel's
    /// end (`next` is the first line left out) give way, unless it is the only table in view.
    private static func wholeTables(_ shown: [Line], next: Line?) -> [Line] {
        guard let cut = next?.request, shown.last?.request == cut,
              let first = shown.firstIndex(where: { $0.request == cut }), first > 0 else { return shown }
        return Array(shown[..<first])
    }

    /// What one frame's tables are built from, computed once: the requests holding blocks, the
    /// column widths, the lines of requests without blocks and whether the tables fit as columns.
    struct Plan {
        let holders: [RequestView]
        let columns: Columns
        let others: [Line]
        let columnar: Bool
        /// One row per KV-cache group (`groupLines`).
        let hybrid: Bool
        let height: Int

        init(_ frame: Frame, width: Int, height: Int) {
            self.height = height
            holders = frame.snapshot.holders.map { frame.snapshot.requests[$0] }
            columns = Columns(frame)
            others = BlockTables.otherLines(frame)
            hybrid = BlockTables.isHybrid(holders)
            columnar = !hybrid
                && BlockTables.columnar(holders, columns, others: others.count, width: width, height: height)
        }
    }

    /// Tables beyond the laid-out lines are counted, not drawn (a 300-request run shows a dozen).
    private static func scrollLimit(_ frame: Frame) -> Int {
        guard let focused = frame.state.focusedRequest, let index = frame.snapshot.position(of: focused) else { return 0 }
        // Only the requests holding blocks have table entries.
        var entries = 0
        for position in frame.snapshot.holders where position <= index {
            entries += frame.snapshot.requests[position].blockTable.count
        }
        return entries
    }

    private static func requestsHidden(_ plan: Plan, shown: [Line]) -> Int {
        var seen = Set<RequestID>()
        for line in shown { if let id = line.request { seen.insert(id) } }
        return plan.holders.count - seen.count
    }

    static func statusText(_ frame: Frame, _ status: RequestStatus) -> String {
        switch status {
        case .running: frame.tr("run ", "运行")
        case .waiting: frame.tr("wait", "等待")
        case .preempted: frame.tr("pre ", "抢占")
        case .finished: frame.tr("done", "完成")
        }
    }

    // MARK: Columns

    /// The widths of one entry's columns for this snapshot and language.
    struct Columns {
        let logical: Int
        let physical: Int
        let glyphs: Int
        let count: Int
        let ref: Int
        /// Label, then the state word, in front of a table's first row.
        let label: Int
        let head: Int
        var entry: Int { logical + 1 + physical + 1 + (glyphs > 0 ? glyphs + 1 : 0) + count + 1 + ref }

        init(_ frame: Frame) {
            let snapshot = frame.snapshot
            let size = snapshot.blockSize
            var longest = 1
            for position in snapshot.holders { longest = max(longest, snapshot.requests[position].blockTable.count) }
            logical = max(DisplayWidth.of(frame.tr("log", "逻辑")), String(max(0, longest - 1)).count)
            physical = max(DisplayWidth.of(frame.tr("phys", "物理")), String(max(0, snapshot.numBlocks - 1)).count + 1)
            glyphs = size <= 8 ? size : 0
            count = max(DisplayWidth.of(frame.tr("filled", "已填")) - (glyphs > 0 ? glyphs + 1 : 0),
                        2 * String(size).count + 1)
            ref = max(DisplayWidth.of(frame.tr("ref", "引用")), 2)
            // Labels are ASCII (A, AA, A1): their byte count is their width.
            label = max(2, snapshot.groups.widestLabel) + 1
            head = label + DisplayWidth.of(BlockTables.statusText(frame, .running)) + 1
        }

        /// Entries per table row when the tables are drawn as columns.
        func groups(width: Int) -> Int { max(1, (width - head + 1) / (entry + 3)) }
    }

    /// True when every table fits as rows of columns (otherwise the inline form is used).
    static func columnar(_ holders: [RequestView], _ columns: Columns, others: Int, width: Int, height: Int) -> Bool {
        guard columns.head + columns.entry <= width else { return false }
        let perRow = columns.groups(width: width)
        let rows = holders.reduce(1) { $0 + ($1.blockTable.count + perRow - 1) / perRow }
        return rows + others <= height
    }

    /// Every line: the tables (as columns when they fit, else inline), then the requests without
    /// blocks by state. Tables starting past `limit` lines are not laid out.
    static func lines(_ frame: Frame, width: Int, height: Int, limit: Int = .max) -> [Line] {
        lines(frame, Plan(frame, width: width, height: height), width: width, limit: limit)
    }

    static func lines(_ frame: Frame, _ plan: Plan, width: Int, limit: Int = .max) -> [Line] {
        let holders = plan.holders
        let hybrid = isHybrid(holders)
        if !hybrid, let stacked = stackedLines(frame, plan, width: width, height: plan.height) { return stacked }
        var lines: [Line] = []
        let columns = plan.columns
        if hybrid {
            lines = groupLines(frame, plan, width: width, limit: limit)
        } else if !holders.isEmpty, plan.columnar {
            let perRow = columns.groups(width: width)
            lines.append(Line(spans: header(frame, columns, groups: min(perRow, holders.map(\.blockTable.count).max() ?? 1)),
                              request: nil))
            for request in holders where lines.count <= limit {
                lines += columnRows(frame, request: request, columns: columns, perRow: perRow)
            }
        } else {
            for request in holders where lines.count <= limit {
                lines += inlineRows(frame, request: request, columns: columns, width: width)
            }
        }
        lines += plan.others
        if lines.isEmpty {
            lines.append(Line(spans: [Span(frame.tr("no request holds a block yet", "还没有请求占用块"), frame.theme.dim)]))
        }
        return lines
    }

    static func header(_ frame: Frame, _ columns: Columns, groups: Int) -> [Span] {
        var text = String(repeating: " ", count: columns.head)
        for group in 0..<groups {
            if group > 0 { text += " │ " }
            text += TextLayout.rightAlign(frame.tr("log", "逻辑"), width: columns.logical) + " "
            text += TextLayout.pad(frame.tr("phys", "物理"), to: columns.physical) + " "
            text += TextLayout.pad(frame.tr("filled", "已填"), to: (columns.glyphs > 0 ? columns.glyphs + 1 : 0) + columns.count) + " "
            text += TextLayout.rightAlign(frame.tr("ref", "引用"), width: columns.ref)
        }
        return [Span(text, frame.theme.dim)]
    }

    /// The label and state in front of a table's first row; the focused request's label reversed.
    static func head(_ frame: Frame, _ request: RequestView, _ columns: Columns) -> [Span] {
        let labelWidth = columns.label
        var style = frame.ownerStyle(request.id).bolded()
        if frame.state.focusedRequest == request.id { style = style.reversed() }
        return [Span(TextLayout.pad(request.label, to: labelWidth), style),
                Span(statusText(frame, request.status) + " ", frame.theme.dim)]
    }

    static func columnRows(_ frame: Frame, request: RequestView, columns: Columns, perRow: Int) -> [Line] {
        var lines: [Line] = []
        let indent = [Span(String(repeating: " ", count: columns.head))]
        var line = head(frame, request, columns)
        for (logical, block) in request.blockTable.enumerated() {
            if logical > 0, logical % perRow == 0 {
                lines.append(Line(spans: line, request: request.id))
                line = indent
            } else if logical > 0 {
                line.append(Span(" │ ", frame.theme.faint))
            }
            line += columnEntry(frame, request: request, logical: logical, block: block, columns: columns)
        }
        lines.append(Line(spans: line, request: request.id))
        return lines
    }

    /// The fill of a table entry: the block's own `SlotFill`, the value the grid draws.
    static func fill(_ frame: Frame, block: BlockID) -> SlotFill {
        block.index >= 0 && block.index < frame.snapshot.blocks.count ? frame.snapshot.blocks[block.index].fill : .empty
    }

    /// `2+1` for 2 stored and 1 pending, `4` when nothing is pending.
    static func countText(_ fill: SlotFill) -> String {
        fill.pending > 0 ? "\(fill.stored)+\(fill.pending)" : "\(fill.stored)"
    }

    static func columnEntry(_ frame: Frame, request: RequestView, logical: Int, block: BlockID,
                            columns: Columns) -> [Span] {
        let view = block.index < frame.snapshot.blocks.count ? frame.snapshot.blocks[block.index] : nil
        let owner = frame.ownerStyle(request.id)
        let style = view?.change != nil ? owner.bolded().underlined() : owner
        let fill = fill(frame, block: block)
        var spans = [Span(TextLayout.rightAlign(String(logical), width: columns.logical) + " ", frame.theme.dim),
                     Span(TextLayout.pad("#\(block.index)", to: columns.physical), style), Span(" ")]
        if columns.glyphs > 0 {
            spans.append(Span(frame.theme.glyphs.slots(fill, size: frame.snapshot.blockSize), owner))
            spans.append(Span(" "))
        }
        spans.append(Span(TextLayout.pad(countText(fill), to: columns.count) + " "))
        let refs = view?.refCount ?? 0
        spans.append(Span(TextLayout.rightAlign(String(refs), width: columns.ref),
                          refs > 1 ? frame.theme.accent : frame.theme.dim))
        return spans
    }

    /// The dense form: `0→#3▪▪▫·` (`2+1/16` for large blocks), `(2)` when shared.
    static func inlineRows(_ frame: Frame, request: RequestView, columns: Columns, width: Int) -> [Line] {
        var lines: [Line] = []
        let head = head(frame, request, columns)
        let indent = head.reduce(0) { $0 + $1.width }
        var line = head
        var lineWidth = indent
        for (logical, block) in request.blockTable.enumerated() {
            let entry = inlineEntry(frame, request: request, logical: logical, block: block)
            let entryWidth = entry.reduce(0) { $0 + $1.width } + 1
            if lineWidth + entryWidth > width, lineWidth > indent {
                lines.append(Line(spans: line, request: request.id))
                line = [Span(String(repeating: " ", count: indent))]
                lineWidth = indent
            }
            line += entry + [Span(" ")]
            lineWidth += entryWidth
        }
        lines.append(Line(spans: line, request: request.id))
        return lines
    }

    static func inlineEntry(_ frame: Frame, request: RequestView, logical: Int, block: BlockID) -> [Span] {
        let snapshot = frame.snapshot
        let size = snapshot.blockSize
        let view = block.index < snapshot.blocks.count ? snapshot.blocks[block.index] : nil
        let owner = frame.ownerStyle(request.id)
        let style = view?.change != nil ? owner.bolded().underlined() : owner
        let fill = fill(frame, block: block)
        var spans = [Span("\(logical)→", frame.theme.dim), Span("#\(block.index)", style)]
        if size <= 8 {
            spans.append(Span(frame.theme.glyphs.slots(fill, size: size), owner))
        } else {
            spans.append(Span(" \(countText(fill))/\(size)", frame.theme.dim))
        }
        if let view, view.refCount > 1 { spans.append(Span("(\(view.refCount))", frame.theme.accent)) }
        return spans
    }

    /// Requests without blocks, by state: waiting, preempted, arriving later, finished.
    static func otherLines(_ frame: Frame) -> [Line] {
        let snapshot = frame.snapshot
        let groups: [(en: String, zh: String)] = [
            ("waiting", "等待"), ("preempted", "被抢占"), ("arriving later", "稍后到达"), ("finished", "已完成"),
        ]
        let (members, counts) = otherMembers(snapshot, named: 40)
        var lines: [Line] = []
        for (group, names) in groups.enumerated() where counts[group] > 0 {
            var spans = [Span(frame.tr("\(names.en):", "\(names.zh)："), frame.theme.dim)]
            for index in members[group] {
                let request = snapshot.requests[index]
                spans.append(Span(" " + request.label, frame.theme.owner(request.colorIndex)))
            }
            if counts[group] > 40 { spans.append(Span(" +\(counts[group] - 40)", frame.theme.dim)) }
            lines.append(Line(spans: spans))
        }
        return lines
    }

    /// Per group of `otherLines` (waiting, preempted, arriving later, finished; requests
    /// without blocks), the positions of its first `named` members and its size. Reads the
    /// preempted requests, the arrived part of the queue and the first members of the other
    /// groups, not every request of the run.
    static func otherMembers(_ snapshot: Snapshot, named: Int) -> (members: [[Int]], counts: [Int]) {
        let requests = snapshot.requests
        let groups = snapshot.groups
        var members: [[Int]] = Array(repeating: [], count: 4)
        var counts = Array(repeating: 0, count: 4)
        // Requests holding blocks belong to no group: count those in each state.
        var holdingArrivingLater = 0
        var holdingFinished = 0
        for position in snapshot.holders {
            let request = requests[position]
            if request.status == .finished { holdingFinished += 1 }
            if request.status == .waiting, request.arrivalStep > snapshot.step { holdingArrivingLater += 1 }
        }
        // Waiting: the arrived requests are the queue's arrived prefix (`Snapshot.waiting`).
        var arrived: [Int] = []
        var arrivedWaiting = 0
        for id in snapshot.waiting {
            guard let position = snapshot.position(of: id), requests[position].status == .waiting else { continue }
            arrivedWaiting += 1
            if requests[position].blockTable.isEmpty { arrived.append(position) }
        }
        arrived.sort()
        counts[0] = arrived.count
        members[0] = Array(arrived.prefix(named))
        for position in groups.preempted where requests[position].blockTable.isEmpty {
            counts[1] += 1
            if members[1].count < named { members[1].append(position) }
        }
        counts[2] = groups.queued.count - groups.preempted.count - arrivedWaiting - holdingArrivingLater
        for position in groups.queued {
            guard members[2].count < min(named, counts[2]) else { break }
            let request = requests[position]
            if request.status == .waiting, request.arrivalStep > snapshot.step, request.blockTable.isEmpty {
                members[2].append(position)
            }
        }
        counts[3] = groups.finished.count - holdingFinished
        for position in groups.finished {
            guard members[3].count < min(named, counts[3]) else { break }
            if requests[position].blockTable.isEmpty { members[3].append(position) }
        }
        return (members, counts)
    }
}
