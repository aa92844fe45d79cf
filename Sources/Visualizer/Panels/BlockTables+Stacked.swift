import Engine
import KVCore
import TerminalCanvas

/// The block tables on a big panel: each request's table drawn down the page as the paper and
/// the vLLM blog draw it (its label and state, the column names, one row per logical block),
/// the tables side by side in as many table columns as the width holds, newspaper fashion.
/// Used when the panel is at least `stackedMinimumHeight` rows tall and every table fits.
extension BlockTables {
    static let stackedMinimumHeight = 24
    /// Blank columns between two table columns.
    static let stackedGap = 3

    /// One table's lines: head, column names, entries.
    private static func stackedTable(_ frame: Frame, _ request: RequestView, _ columns: Columns) -> [[Span]] {
        var lines = [head(frame, request, columns), stackedHeader(frame, columns)]
        for (logical, block) in request.blockTable.enumerated() {
            lines.append(columnEntry(frame, request: request, logical: logical, block: block, columns: columns))
        }
        return lines
    }

    private static func stackedHeader(_ frame: Frame, _ columns: Columns) -> [Span] {
        var text = TextLayout.rightAlign(frame.tr("log", "逻辑"), width: columns.logical) + " "
        text += TextLayout.pad(frame.tr("phys", "物理"), to: columns.physical) + " "
        text += TextLayout.pad(frame.tr("filled", "已填"), to: (columns.glyphs > 0 ? columns.glyphs + 1 : 0) + columns.count) + " "
        text += TextLayout.rightAlign(frame.tr("ref", "引用"), width: columns.ref)
        return [Span(text, frame.theme.dim)]
    }

    /// The stacked lines, or nil when the panel is too small for them.
    static func stackedLines(_ frame: Frame, _ plan: Plan, width: Int, height: Int) -> [Line]? {
        guard height >= stackedMinimumHeight, !plan.holders.isEmpty else { return nil }
        let columns = plan.columns
        let tableWidth = max(columns.head, columns.entry)
        let pitch = tableWidth + stackedGap
        let tableColumns = (width + stackedGap) / pitch
        guard tableColumns >= 2 else { return nil }
        let available = height - plan.others.count - (plan.others.isEmpty ? 0 : 1)
        // Column-major packing, a blank row between two tables of one column, as short as it
        // can be: the tables spread over the table columns side by side.
        func pack(rows limit: Int) -> [(column: Int, row: Int, request: RequestView)]? {
            var placed: [(column: Int, row: Int, request: RequestView)] = []
            var column = 0
            var row = 0
            for request in plan.holders {
                let tableHeight = 2 + request.blockTable.count
                var start = row == 0 ? 0 : row + 1
                if start + tableHeight > limit {
                    column += 1
                    start = 0
                }
                guard column < tableColumns, tableHeight <= limit else { return nil }
                placed.append((column, start, request))
                row = start + tableHeight
            }
            return placed
        }
        let heights = plan.holders.map { 2 + $0.blockTable.count }
        let total = heights.reduce(0, +) + max(0, heights.count - 1)
        let shortest = max(heights.max() ?? 0, (total + tableColumns - 1) / tableColumns)
        guard shortest <= available,
              let placed = (shortest...available).lazy.compactMap({ pack(rows: $0) }).first else { return nil }
        let usedRows = placed.map { $0.row + 2 + $0.request.blockTable.count }.max() ?? 0
        var lines = Array(repeating: Line(spans: [], request: nil), count: usedRows)
        var widths = Array(repeating: 0, count: usedRows)
        for (column, start, request) in placed {
            let x = column * pitch
            for (offset, spans) in stackedTable(frame, request, columns).enumerated() {
                let index = start + offset
                if widths[index] < x { lines[index].spans.append(Span(String(repeating: " ", count: x - widths[index]))) }
                lines[index].spans += spans
                widths[index] = x + spans.reduce(0) { $0 + $1.width }
                lines[index].regions.append(Line.Region(x: x, width: tableWidth, request: request.id))
            }
        }
        if !plan.others.isEmpty { lines.append(Line(spans: [], request: nil)) }
        return lines + plan.others
    }
}
