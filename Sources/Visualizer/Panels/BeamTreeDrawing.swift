import Engine
import KVCore
import TerminalCanvas

/// A `BeamTreeModel` laid out sideways, the root on the left: one column per logical block, one
/// row per leaf. A node is `#id×refs`; `─┬─` forks, `├─` and `└─` hang the later children, `│`
/// carries a fork down past the rows of its earlier children. A branch no live beam holds is
/// drawn dashed (`╌`) and dim, its leaf marked `✗ dropped`; the best finished beam `✓ best`.
/// Every row's path, read left to right with the nearest node above in each column where the row
/// has none, is that leaf's block table (a test reads it back from the screen).
struct BeamTreeDrawing {
    struct Placed {
        let x: Int
        let span: Span
    }

    private(set) var rows: [[Placed]] = []
    /// Columns of one node (`#12×3`), the same for every node of the tree.
    let nodeWidth: Int
    /// Trunk nodes after the root left out to fit the width (drawn as `…`).
    let elided: Int
    private let model: BeamTreeModel
    private let frame: Frame

    static let connectorWidth = 3

    init(_ model: BeamTreeModel, frame: Frame, width: Int) {
        self.model = model
        self.frame = frame
        let widest = (0..<model.nodeCount).map { DisplayWidth.of(Self.nodeText(model.node($0))) }.max() ?? 0
        nodeWidth = widest
        let step = widest + Self.connectorWidth
        let labels = (0..<model.nodeCount).map { model.node($0).leaves.isEmpty ? 0 : 1 + Self.labelWidth(model, $0, frame) }.max() ?? 0
        let needed = max(0, model.depth - 1) * step + widest + labels
        var elide = 0
        if needed > width, step > 0 {
            elide = min(model.trunkLength - 1, (needed - width + step - 1) / step)
        }
        elided = max(0, elide)
        var row = 0
        for root in model.roots { row = visit(root, row: row) }
    }

    static func nodeText(_ node: BeamTreeModel.Node) -> String { "#\(node.block.index)×\(node.refCount)" }

    /// The column of a node of `depth` (depths 1...elided are not drawn).
    func x(_ depth: Int) -> Int {
        let shown = depth > elided ? depth - elided : min(depth, 1)
        return shown * (nodeWidth + Self.connectorWidth)
    }

    private static func labelWidth(_ model: BeamTreeModel, _ node: Int, _ frame: Frame) -> Int {
        labelSpans(model, node, frame).reduce(0) { $0 + $1.width }
    }

    /// The beams ending on `node`: live ones by label in their colour, then the fates.
    static func labelSpans(_ model: BeamTreeModel, _ node: Int, _ frame: Frame) -> [Span] {
        var spans: [Span] = []
        for leaf in model.node(node).leaves {
            let branch = model.branches[leaf]
            if !spans.isEmpty { spans.append(Span(" ")) }
            switch branch.fate {
            case .live:
                spans.append(Span(branch.label, frame.theme.owner(branch.colorIndex)))
            case .dropped:
                spans.append(Span("✗ " + branch.label + frame.tr(" dropped", " 已淘汰"), frame.theme.dim))
            case let .finished(best):
                spans.append(best ? Span("✓ " + branch.label + frame.tr(" best", " 最佳"), frame.theme.accent)
                                  : Span(branch.label + frame.tr(" done", " 完成"), frame.theme.owner(branch.colorIndex)))
            }
        }
        return spans
    }

    private mutating func place(_ text: String, x: Int, row: Int, _ style: Style) {
        while rows.count <= row { rows.append([]) }
        rows[row].append(Placed(x: x, span: Span(text, style)))
    }

    private func nodeStyle(_ node: BeamTreeModel.Node) -> Style {
        guard !node.isDroppedOnly else { return frame.theme.dim }
        let through = model.branches.filter { $0.fate != .dropped && $0.path.count > node.depth && $0.path[node.depth] == node.block }
        // A block one beam holds (or held, once finished) takes that beam's colour.
        if through.count == 1, let owner = through.first { return frame.theme.owner(owner.colorIndex) }
        return node.refCount > 0 ? frame.theme.heading : frame.theme.plain
    }

    /// Draws `index` on `row` and its subtree below; returns the first row after it.
    private mutating func visit(_ index: Int, row: Int) -> Int {
        let node = model.node(index)
        let drawn = node.depth == 0 || node.depth > elided
        if drawn { place(Self.nodeText(node), x: x(node.depth), row: row, nodeStyle(node)) }
        let labels = Self.labelSpans(model, index, frame)
        let connector = x(node.depth) + nodeWidth
        if node.children.isEmpty {
            var cursor = connector + 1
            for span in labels {
                place(span.text, x: cursor, row: row, span.style)
                cursor += span.width
            }
            return row + 1
        }
        if !drawn || (node.depth == 0 && elided > 0 && node.children.count == 1) {
            // Inside the left-out trunk: one `…` joins the root to the first node drawn again.
            if node.depth == 0 { place("─…─", x: connector, row: row, frame.theme.faint) }
            return visit(node.children[0], row: row)
        }
        // Children, then (when beams also end here) their labels as a last item.
        let items: [Int?] = node.children + (labels.isEmpty ? [] : [nil])
        var current = row
        for (k, item) in items.enumerated() {
            let live = item.map { !model.node($0).isDroppedOnly } ?? true
            let line: Character = live ? "─" : "╌"
            let style = live ? frame.theme.faint : frame.theme.dim
            let last = k == items.count - 1
            if k == 0 {
                place(items.count > 1 ? "\(line)┬\(line)" : String(repeating: line, count: 3), x: connector, row: current, style)
            } else {
                place(last ? " └\(line)" : " ├\(line)", x: connector, row: current, style)
            }
            let start = current
            if let child = item {
                current = visit(child, row: current)
            } else {
                var cursor = x(node.depth + 1)
                for span in labels {
                    place(span.text, x: cursor, row: current, span.style)
                    cursor += span.width
                }
                current += 1
            }
            if !last {
                for between in (start + 1)..<max(start + 1, current) { place("│", x: connector + 1, row: between, frame.theme.faint) }
            }
        }
        return current
    }
}

extension BeamTreeModel {
    var nodeCount: Int { nodes.count }

    /// Nodes from the root down to the first fork or leaf, when there is one root.
    var trunkLength: Int {
        guard roots.count == 1 else { return 0 }
        var length = 1
        var current = roots[0]
        while nodes[current].children.count == 1, nodes[current].leaves.isEmpty {
            current = nodes[current].children[0]
            length += 1
        }
        return length
    }
}
