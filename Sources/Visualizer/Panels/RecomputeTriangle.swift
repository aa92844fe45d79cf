import Engine
import KVCore
import TerminalCanvas

/// The chapter's triangle, one row per step from the snapshot's `workPerStep`: a step's K/V
/// rows without a cache (`▒`, recomputed) ending in the rows the cache made it compute (`█`,
/// the diagonal). The counts under it are the sums of those rows, the engine's own totals.
/// When the steps outnumber the rows, a row stands for the last of `perRow` steps; when the
/// rows are wider than the box, a cell stands for several K/V rows; the title says so.
enum RecomputeTriangle {
    /// How the steps fit the box.
    struct Scale: Equatable {
        let perRow: Int
        let perCell: Int
    }

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let work = Array(frame.snapshot.workPerStep)
        let inner = rect.inset(by: 1)
        let countRows = inner.height >= 8 ? 2 : 1
        let labelWidth = String(max(1, work.count)).count + 1
        let scale = self.scale(work, rows: max(1, inner.height - countRows), columns: max(1, inner.width - labelWidth))
        var scaleText = ""
        if scale.perRow > 1 { scaleText += frame.tr(" · \(scale.perRow) steps/row", " · 每行 \(scale.perRow) 步") }
        if scale.perCell > 1 { scaleText += frame.tr(" · \(scale.perCell) K/V/cell", " · 每格 \(scale.perCell)") }
        let long = frame.tr("No cache: ▒ recomputed, █ new", "无缓存：▒ 重算，█ 新算") + scaleText
        let title = DisplayWidth.of(long) + 6 <= rect.width ? long : frame.tr("▒ recomputed █ new", "▒ 重算 █ 新算") + scaleText
        _ = frame.panel(rect, title: title, on: &canvas)
        guard inner.height > countRows, inner.width > labelWidth else { return }
        let theme = frame.theme
        for (row, step) in drawnSteps(count: work.count, perRow: scale.perRow).enumerated() {
            let y = inner.y + row
            let item = work[step]
            let recomputed = cells(item.withoutCache - item.computed, scale.perCell)
            let computed = cells(item.computed, scale.perCell)
            canvas.put(TextLayout.rightAlign(String(step + 1), width: labelWidth - 1), at: Point(x: inner.x, y: y),
                       style: theme.faint)
            let spans = [Span(String(repeating: "▒", count: recomputed), theme.swatch(.kvCached)),
                         Span(String(repeating: "█", count: computed), theme.accent)]
            canvas.put(spans, at: Point(x: inner.x + labelWidth, y: y), clip: inner)
        }
        for (index, line) in countLines(frame, work, rows: countRows).enumerated() {
            canvas.put(line, at: Point(x: inner.x, y: inner.maxY - countRows + index), clip: inner)
        }
    }

    /// Steps per row and K/V rows per cell so that every step and the widest row fit.
    static func scale(_ work: [StepWork], rows: Int, columns: Int) -> Scale {
        let widest = work.map(\.withoutCache).max() ?? 0
        return Scale(perRow: max(1, (work.count + rows - 1) / max(1, rows)),
                     perCell: max(1, (widest + columns - 1) / max(1, columns)))
    }

    /// The steps drawn, oldest first: the last of each group of `perRow`, so the newest step is
    /// always the bottom row.
    static func drawnSteps(count: Int, perRow: Int) -> [Int] {
        guard count > 0 else { return [] }
        var steps: [Int] = []
        var step = count - 1
        while step >= 0 {
            steps.append(step)
            step -= perRow
        }
        return steps.reversed()
    }

    private static func cells(_ rows: Int, _ perCell: Int) -> Int { rows <= 0 ? 0 : (rows + perCell - 1) / perCell }

    /// The two counts, and N(N+1)/2 and N when the rows are exactly that triangle.
    static func countLines(_ frame: Frame, _ work: [StepWork], rows: Int) -> [[Span]] {
        let theme = frame.theme
        // Grouped as the counter line and the narration print the same totals.
        let without = ByteCount.grouped(work.reduce(0) { $0 + $1.withoutCache })
        let cached = ByteCount.grouped(work.reduce(0) { $0 + $1.computed })
        let n = work.count
        let isTriangle = n > 0 && work.enumerated().allSatisfy { $1.withoutCache == $0 + 1 && $1.computed == 1 }
        let formula = isTriangle ? frame.tr(" = N(N+1)/2", " = N(N+1)/2") : ""
        let first = [Span(frame.tr("▒+█ without cache \(without)", "▒+█ 无缓存 \(without)"), theme.swatch(.kvCached)),
                     Span(formula, theme.dim)]
        let second = [Span(frame.tr("█ with cache \(cached)", "█ 有缓存 \(cached)"), theme.accent),
                      Span(isTriangle ? frame.tr(" = N, N = \(n)", " = N，N = \(n)") : "", theme.dim)]
        guard rows < 2 else { return [first, second] }
        return [[Span(frame.tr("no cache \(without)", "无缓存 \(without)"), theme.swatch(.kvCached)), Span(" · "),
                 Span(frame.tr("cache \(cached)", "有缓存 \(cached)"), theme.accent),
                 Span(isTriangle ? " · N(N+1)/2, N=\(n)" : "", theme.dim)]]
    }
}
