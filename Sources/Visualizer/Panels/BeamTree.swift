import Engine
import KVCore
import TerminalCanvas

/// The beam-search panel: each beam-search request's beams as a tree of physical blocks (the
/// PagedAttention paper's Fig. 9), drawn by `BeamTreeDrawing` from the snapshot's block tables
/// and ref counts. Beside the block tables on a tall screen, in their place on a small one.
enum BeamTree {
    /// Rows the panel needs inside its box for `snapshot` (0: the run has no beam tree to draw).
    static func contentRows(_ snapshot: Snapshot) -> Int {
        BeamTreeModel.all(snapshot).reduce(0) { total, model in
            total + (model.nodeCount == 0 ? 0 : model.rowCount + (model.droppedEarlier.isEmpty ? 0 : 1))
        }
    }

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let models = BeamTreeModel.all(frame.snapshot).filter { $0.nodeCount > 0 }
        let title: String
        // In place of the block tables (a short screen), the title says the tree is them.
        let name = frame.layout.tables.isEmpty ? frame.tr("Beam tree (block tables)", "束搜索树（块表）") : frame.tr("Beam tree", "束搜索树")
        if let first = models.first {
            title = name + frame.tr(" · \(first.rootLabel), k = \(first.width)", " · \(first.rootLabel)，k = \(first.width)")
        } else {
            title = name
        }
        let inner = frame.panel(rect, title: title, on: &canvas)
        guard !inner.isEmpty else { return }
        let lines = self.lines(frame, models, width: inner.width)
        for (row, line) in lines.prefix(inner.height).enumerated() {
            for placed in line {
                canvas.put(placed.span.text, at: Point(x: inner.x + placed.x, y: inner.y + row), style: placed.span.style, clip: inner)
            }
        }
        if lines.isEmpty {
            canvas.put(frame.tr("no beam holds a block yet", "还没有束持有块"), at: inner.origin, style: frame.theme.dim, clip: inner)
        }
        // The legend on the bottom border, when it fits.
        let legend = frame.tr(" #block×refs · ╌ ✗ dropped ", " #块×引用 · ╌ ✗ 已淘汰 ")
        if DisplayWidth.of(legend) + 2 <= rect.width, rect.height > 2 {
            canvas.put(legend, at: Point(x: rect.x + 1, y: rect.maxY - 1), style: frame.theme.faint, clip: rect)
        }
    }

    /// Every tree's rows, one request after another, then who was dropped before this step.
    static func lines(_ frame: Frame, _ models: [BeamTreeModel], width: Int) -> [[BeamTreeDrawing.Placed]] {
        var lines: [[BeamTreeDrawing.Placed]] = []
        for model in models {
            lines += BeamTreeDrawing(model, frame: frame, width: width).rows
            if !model.droppedEarlier.isEmpty {
                let text = frame.tr("dropped before: ", "此前淘汰：") + model.droppedEarlier.joined(separator: " ")
                lines.append([BeamTreeDrawing.Placed(x: 0, span: Span(text, frame.theme.dim))])
            }
        }
        return lines
    }
}
