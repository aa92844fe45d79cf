import Engine
import KVCore
import TerminalCanvas

/// The block tables of a hybrid model (`kv_groups`): one row per KV-cache group for each
/// request, the logical blocks of every group in aligned cells so that block n of the full
/// group sits above block n of a sliding-window group. The request's label and its state share
/// one column down its group rows, so the blocks get the width (two requests' tables fit a
/// 80x24 screen):
///
///     A   full #0  #1  #2  #3
///     run ~8   -   -   #9  #12
///
/// `-` is a hole: a block returned behind the sliding window (or skipped by a prefix hit).
/// Each group stays one labelled line: when a table is longer than a row holds, its oldest
/// logical blocks give way to a count of them (`…3`: logical blocks 0-2 not shown) in every
/// group alike, so the newest blocks (where this step writes and the window moves) stay in
/// view and block n of one group still sits above block n of the others.
extension BlockTables {
    /// True when the snapshot carries per-group tables (a hybrid run).
    static func isHybrid(_ holders: [RequestView]) -> Bool {
        holders.contains { !$0.groupTables.isEmpty }
    }

    /// The mark of a hole in a group's table.
    static let holeMark = "-"

    /// `full` or `~32` (the window in tokens), as a group's row is tagged.
    static func groupTag(_ frame: Frame, _ attention: GroupAttention) -> String {
        if let window = attention.window { return "~\(window)" }
        return frame.tr("full", "全量")
    }

    /// The lines of every holder's group tables, folded to `width`.
    static func groupLines(_ frame: Frame, _ plan: Plan, width: Int, limit: Int) -> [Line] {
        let holders = plan.holders
        var tagWidth = 1
        for request in holders {
            for table in request.groupTables { tagWidth = max(tagWidth, DisplayWidth.of(groupTag(frame, table.attention))) }
        }
        let cell = String(max(0, frame.snapshot.numBlocks - 1)).count + 1
        let headWidth = groupHeadWidth(frame, plan.columns)
        let indent = headWidth + tagWidth + 1
        let perRow = max(1, (width - indent + 1) / (cell + 1))
        var lines: [Line] = []
        for request in holders where lines.count <= limit {
            lines += groupRows(frame, request, plan.columns, headWidth: headWidth, tagWidth: tagWidth, cell: cell, perRow: perRow)
        }
        return lines
    }

    /// The column of the label and the state: both on the first row (`A  run `) when the run
    /// has one group, else the label on the first group's row and the state under it.
    static func groupHeadWidth(_ frame: Frame, _ columns: Columns) -> Int {
        guard frame.snapshot.kvGroups.count > 1 else { return columns.head }
        return max(columns.label, DisplayWidth.of(statusText(frame, .running)) + 1)
    }

    /// The logical blocks a row of `perRow` cells leaves out of a table of `length`: none when
    /// it fits, else the oldest, one cell going to their count.
    static func elidedBlocks(length: Int, perRow: Int) -> Int {
        length > perRow ? length - max(1, perRow - 1) : 0
    }

    /// One request's rows: one line per group.
    private static func groupRows(_ frame: Frame, _ request: RequestView, _ columns: Columns,
                                  headWidth: Int, tagWidth: Int, cell: Int, perRow: Int) -> [Line] {
        let tables = request.groupTables.isEmpty
            ? [GroupTableView(attention: .full, blocks: request.blockTable.map { Optional($0) })]
            : request.groupTables
        let length = tables.map(\.blocks.count).max() ?? 0
        let blank = Span(String(repeating: " ", count: headWidth))
        // Label and state in one row, or the label over the state (several groups).
        let stacked = headWidth != columns.head && tables.count > 1
        let heads: [[Span]] = stacked ? stackedHead(frame, request, width: headWidth) : [head(frame, request, columns)]
        let elided = elidedBlocks(length: length, perRow: perRow)
        var lines: [Line] = []
        for (index, table) in tables.enumerated() {
            var spans = index < heads.count ? heads[index] : [blank]
            spans.append(Span(TextLayout.pad(groupTag(frame, table.attention), to: tagWidth) + " ", frame.theme.dim))
            if elided > 0 { spans.append(Span(TextLayout.pad("…\(elided)", to: cell) + " ", frame.theme.dim)) }
            for logical in elided..<length {
                if logical > elided { spans.append(Span(" ")) }
                spans.append(groupCell(frame, request, logical < table.blocks.count ? table.blocks[logical] : nil,
                                       present: logical < table.blocks.count, cell: cell))
            }
            lines.append(Line(spans: spans, request: request.id))
        }
        return lines
    }

    /// The label (reversed when focused) over the state, each padded to `width`.
    private static func stackedHead(_ frame: Frame, _ request: RequestView, width: Int) -> [[Span]] {
        var style = frame.ownerStyle(request.id).bolded()
        if frame.state.focusedRequest == request.id { style = style.reversed() }
        return [[Span(TextLayout.pad(request.label, to: width), style)],
                [Span(TextLayout.pad(statusText(frame, request.status), to: width), frame.theme.dim)]]
    }

    /// `#12` in the owner's colour (bold underlined when it changed this step, accented when
    /// shared), the hole mark, or blank past the table's end.
    private static func groupCell(_ frame: Frame, _ request: RequestView, _ block: BlockID?, present: Bool, cell: Int) -> Span {
        guard present else { return Span(String(repeating: " ", count: cell)) }
        guard let block else { return Span(TextLayout.pad(holeMark, to: cell), frame.theme.faint) }
        let view = block.index < frame.snapshot.blocks.count ? frame.snapshot.blocks[block.index] : nil
        var style = frame.ownerStyle(request.id)
        if view?.change != nil { style = style.bolded().underlined() }
        if let view, view.refCount > 1 { style = frame.theme.accent }
        return Span(TextLayout.pad("#\(block.index)", to: cell), style)
    }
}
