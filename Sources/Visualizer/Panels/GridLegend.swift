import KVCore
import TerminalCanvas

/// The key under the block grid, on the panel's bottom border. It names what the current form
/// draws; when the border is too short, the least important entries go first (the glyphs a
/// reader cannot guess before the marks they can), and what stays keeps its natural order.
enum GridLegend {
    struct Entry {
        let spans: [Span]
        /// Lower is more important.
        let priority: Int
    }

    static func entries(_ frame: Frame, geometry: GridGeometry,
                        unnamed: [(request: RequestID, firstBlock: Int)] = []) -> [Entry] {
        let theme = frame.theme
        let glyphs = theme.glyphs
        var entries: [Entry] = []
        func add(_ glyph: String, _ style: Style, _ en: String, _ zh: String, priority: Int) {
            entries.append(Entry(spans: [Span(glyph, style), Span(frame.tr(" \(en)", " \(zh)"))], priority: priority))
        }
        if !unnamed.isEmpty {
            // Requests too small to label any aggregated cell, with the first block of their
            // cell (`D@96`): every request holding blocks can be pointed at. As many as fit.
            let room = geometry.area.width - 3
            var shown = min(6, unnamed.count)
            var spans = alsoSpans(frame, unnamed, shown: shown)
            while shown > 1, spans.reduce(0, { $0 + $1.width }) > room {
                shown -= 1
                spans = alsoSpans(frame, unnamed, shown: shown)
            }
            entries.append(Entry(spans: spans, priority: 1))
        }
        let owner = frame.snapshot.requests.first?.label ?? "A"
        switch geometry.form {
        case .tokens, .card, .slots:
            if geometry.form != .tokens { add(owner, theme.heading, "owner", "所有者", priority: 5) }
            add(String(glyphs.stored), theme.heading, "stored", "已存", priority: 0)
            add(String(glyphs.pending), theme.heading, "pending", "待算", priority: 1)
            add(String(glyphs.empty), theme.faint, "empty", "空", priority: 2)
        case .compact where geometry.blocksPerCell > 1:
            add(owner + "▅", theme.heading, "owner, share used", "所有者、使用比例", priority: 4)
        case .compact:
            add(owner + "▅", theme.heading, "owner, fill", "所有者、填充", priority: 4)
        }
        if frame.snapshot.hasWindowGroup, geometry.blocksPerCell == 1 {
            // A hybrid model: a sliding-window group's blocks (`A~`, `A~7` = its logical block 7)
            // beside the full group's; the mark a reader cannot guess, so it goes early.
            add(owner + "~", theme.heading, "window", "滑动窗口组", priority: 1)
        }
        let shared = geometry.form == .compact && geometry.blocksPerCell > 1
            ? String(glyphs.sharedGroup) : (geometry.form == .card || geometry.form == .tokens ? "×2" : "2")
        add(shared, theme.accent, "refs", "引用", priority: 3)
        add(String(glyphs.cached), theme.accent, "cached", "缓存", priority: 3)
        if !frame.highlight.copies.isEmpty {
            add(glyphs.copy, theme.warning, "copied", "写时复制", priority: 2)
        }
        add(String(glyphs.changed), theme.warning, "new", "本步", priority: 6)
        return entries
    }

    /// `also D@96 F@112 +3`: the first `shown` unnamed requests and how many more.
    static func alsoSpans(_ frame: Frame, _ unnamed: [(request: RequestID, firstBlock: Int)], shown: Int) -> [Span] {
        var spans = [Span(frame.tr("also", "另有"), frame.theme.dim)]
        for (request, first) in unnamed.prefix(shown) {
            spans.append(Span(" "))
            spans.append(Span(frame.label(request), frame.ownerStyle(request).bolded()))
            spans.append(Span("@\(first)", frame.theme.dim))
        }
        if unnamed.count > shown { spans.append(Span(" +\(unnamed.count - shown)", frame.theme.dim)) }
        return spans
    }

    static func draw(_ frame: Frame, geometry: GridGeometry, unnamed: [(request: RequestID, firstBlock: Int)] = [],
                     at point: Point, on canvas: inout Canvas) {
        let clip = Rect(x: geometry.area.x, y: point.y, width: geometry.area.width, height: 1)
        let all = entries(frame, geometry: geometry, unnamed: unnamed)
        var kept = Set<Int>()
        var width = 2
        for index in all.indices.sorted(by: { all[$0].priority < all[$1].priority || (all[$0].priority == all[$1].priority && $0 < $1) }) {
            let entryWidth = all[index].spans.reduce(0) { $0 + $1.width } + 1
            if width + entryWidth > clip.width { continue }
            kept.insert(index)
            width += entryWidth
        }
        var spans = [Span(" ")]
        for index in all.indices where kept.contains(index) {
            spans += all[index].spans
            spans.append(Span(" "))
        }
        for index in spans.indices where spans[index].style == .plain { spans[index].style = frame.theme.dim }
        canvas.put(spans, at: point, clip: clip)
    }
}
