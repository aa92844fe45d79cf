import Engine
import KVCore
import TerminalCanvas

/// The mapping view for one frame: which block tables it draws and how. Routed, the grid gives up
/// rows at its top to a band (the logical blocks of each table in a row, then the tracks the
/// lines run on) and one column at its right (so every cell has a gap column beside it);
/// otherwise (aggregated cells, no gap between cells, too little room) the tables are written as
/// a strip `L0→#2 L1→#3` in the grid's title. Off, the grid keeps its whole area.
struct MappingPlan {
    /// One table the mapping draws: a request and its logical -> physical blocks, in order.
    struct Row: Equatable {
        let request: RequestID
        let label: String
        let table: [BlockID]
    }

    /// A label on the band's first row: a request's name (`logical` nil) or a logical block.
    struct Label: Equatable {
        let row: Int
        let logical: Int?
        let text: String
        let x: Int
    }

    enum Form {
        case off
        case routed(band: Rect, labels: [Label], routes: MappingRoutes)
        case strip
    }

    let rows: [Row]
    let form: Form
    /// The grid's geometry with the band taken out (the whole grid area when not routed).
    let geometry: GridGeometry

    /// The most blocks of one table the band tries to route.
    static let maxRoutedLines = 24
    /// The most band rows (labels and tracks) the grid gives up.
    static let maxBandRows = 9

    init(layout: Layout, snapshot: Snapshot, shows: Bool, primary: RequestID?, focusMode: Bool) {
        let options = GridGeometry.Options(snapshot, focusMode: focusMode)
        let area = layout.gridContent
        let whole = GridGeometry(area: area, blockCount: snapshot.numBlocks, blockSize: snapshot.blockSize, options: options)
        let rows = shows ? Self.rows(snapshot, primary: primary) : []
        guard !rows.isEmpty else {
            self.rows = rows
            form = shows ? .strip : .off
            geometry = whole
            return
        }
        self.rows = rows
        if let (band, labels, routes, routed) = Self.route(rows, snapshot: snapshot, area: area, whole: whole, options: options) {
            form = .routed(band: band, labels: labels, routes: routes)
            geometry = routed
        } else {
            form = .strip
            geometry = whole
        }
    }

    var isOn: Bool {
        if case .off = form { return false }
        return true
    }

    var isRouted: Bool {
        if case .routed = form { return true }
        return false
    }

    /// The tables to draw: `primary` (else the first request holding blocks) and, when it shares
    /// blocks, the other request sharing the most of them with it (a fork's sibling, a prefix hit).
    static func rows(_ snapshot: Snapshot, primary: RequestID?) -> [Row] {
        let first = primary.flatMap { snapshot.request($0) }
            ?? snapshot.holders.first.map { snapshot.requests[$0] }
        guard let first, !first.blockTable.isEmpty else { return [] }
        var rows = [Row(request: first.id, label: snapshot.label(of: first.id) ?? "?", table: first.blockTable)]
        // Who else holds its shared blocks, read from the blocks' owners (no walk over every request).
        var counts: [RequestID: Int] = [:]
        for block in Set(first.blockTable) where block.index < snapshot.numBlocks && snapshot.blocks[block.index].isShared {
            for owner in Set(snapshot.blocks[block.index].owners.map(\.request)) where owner != first.id {
                counts[owner, default: 0] += 1
            }
        }
        // The most shared blocks; ties to the earliest request, so the choice is stable.
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
        if let best, let other = snapshot.request(best.key), !other.blockTable.isEmpty {
            rows.append(Row(request: other.id, label: snapshot.label(of: other.id) ?? "?", table: other.blockTable))
        }
        return rows
    }

    /// The band's labels on one row: each request's name, then `L0 L1 ...`, tables two columns
    /// apart; nil when they do not fit `width`.
    static func labels(_ rows: [Row], x: Int, width: Int) -> [Label]? {
        var labels: [Label] = []
        var column = x
        for (index, row) in rows.enumerated() {
            if index > 0 { column += 2 }
            labels.append(Label(row: index, logical: nil, text: row.label, x: column))
            column += DisplayWidth.of(row.label)
            for logical in row.table.indices {
                column += 1
                let text = "L\(logical)"
                labels.append(Label(row: index, logical: logical, text: text, x: column))
                column += text.count
            }
        }
        return column <= x + width ? labels : nil
    }

    private static func route(_ rows: [Row], snapshot: Snapshot, area: Rect, whole: GridGeometry,
                              options: GridGeometry.Options)
        -> (Rect, [Label], MappingRoutes, GridGeometry)?
    {
        let lineCount = rows.reduce(0) { $0 + $1.table.count }
        guard whole.blocksPerCell == 1, whole.gap >= 1, lineCount <= maxRoutedLines, area.width > 2,
              let labels = labels(rows, x: area.x, width: area.width - 1) else { return nil }
        // The band takes at most half the grid's rows: below that the grid itself is the picture.
        let most = min(maxBandRows, area.height / 2)
        guard most >= 2 else { return nil }
        for bandRows in 2...most {
            let gridArea = Rect(x: area.x, y: area.y + bandRows, width: area.width - 1, height: area.height - bandRows)
            let geometry = GridGeometry(area: gridArea, blockCount: snapshot.numBlocks, blockSize: snapshot.blockSize,
                                        options: options)
            guard geometry.blocksPerCell == 1, geometry.gap >= 1, geometry.cellCount == snapshot.numBlocks,
                  let ends = ends(rows, labels: labels, geometry: geometry) else { continue }
            if let routes = MappingRoutes(ends, firstTrackRow: area.y + 1, tracks: bandRows - 1) {
                return (Rect(x: area.x, y: area.y, width: area.width, height: bandRows), labels, routes, geometry)
            }
        }
        return nil
    }

    /// Where each line leaves its label (a column of the label no line enters the grid by, when
    /// there is one) and where it ends (the gap column right of its block's cell, the cell's
    /// middle row).
    private static func ends(_ rows: [Row], labels: [Label], geometry: GridGeometry) -> [MappingRoutes.Ends]? {
        var targets: [(row: Int, logical: Int, block: Int, entry: Int, endRow: Int)] = []
        for (index, row) in rows.enumerated() {
            for (logical, block) in row.table.enumerated() {
                let cell = geometry.rect(ofCell: geometry.cell(ofBlock: block.index))
                guard !cell.isEmpty else { return nil }
                targets.append((index, logical, block.index, cell.maxX, cell.y + cell.height / 2))
            }
        }
        let entries = Set(targets.map(\.entry))
        var drops: [Int: [Int: Int]] = [:]
        for label in labels {
            guard let logical = label.logical else { continue }
            let span = label.x..<(label.x + label.text.count)
            let middle = label.x + label.text.count / 2
            let drop = ([middle] + Array(span)).first { !entries.contains($0) } ?? middle
            drops[label.row, default: [:]][logical] = drop
        }
        return targets.map { target in
            MappingRoutes.Ends(row: target.row, logical: target.logical, block: target.block,
                               drop: drops[target.row]?[target.logical] ?? target.entry,
                               entry: target.entry, endRow: target.endRow)
        }
    }

    /// The strip for the title: `B L0→#2 L1→#3 · B1 L0→#2 L1→#5`, each pair a span (the sweep
    /// marks the one being read).
    func strip() -> [(row: Int, logical: Int?, text: String)] {
        var parts: [(row: Int, logical: Int?, text: String)] = []
        for (index, row) in rows.enumerated() {
            if index > 0 { parts.append((index, nil, "·")) }
            parts.append((index, nil, row.label))
            for (logical, block) in row.table.enumerated() {
                parts.append((index, logical, "L\(logical)→#\(block.index)"))
            }
        }
        return parts
    }
}
