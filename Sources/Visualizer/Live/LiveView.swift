import KVEvents
import TerminalCanvas

/// Draws `LiveScreen`: title, the server's figures and memory bar (with `--metrics`), the tiers,
/// the prefix trees of the shown tier as cells, counters, gaps, the inspected block, keys.
public enum LiveView {
    static let labelWidth = 9
    static let statsWidth = 36
    /// Colour-blind-safe tree colours (Okabe-Ito, in the 256-colour palette).
    static let treeColors: [Color] = [.indexed(214), .indexed(75), .indexed(36), .indexed(226), .indexed(33), .indexed(166), .indexed(175), .indexed(250)]

    public static func cellsPerRow(_ size: Size) -> Int { max(1, size.width - statsWidth - 2 - labelWidth) }
    /// Rows of a recorded walkthrough's narration box (two lines of text and the border).
    static let narrationRows = 4

    /// Where the narration box is on a screen of `size` (for `kvviz check`).
    public static func narrationArea(_ size: Size) -> Rect {
        Rect(x: 0, y: size.height - 3 - narrationRows, width: size.width, height: narrationRows)
    }

    static func drawNarration(_ narration: LiveScreen.Narration, _ text: LiveText, language: Language, in rect: Rect,
                              on canvas: inout Canvas) {
        canvas.box(rect, title: text.narrationTitle(narration))
        _ = canvas.putWrapped(narration.text(language), in: rect.inset(top: 1, left: 2, bottom: 1, right: 2), style: Style.plain.bolded())
    }

    public static func draw(_ screen: LiveScreen, on canvas: inout Canvas) {
        let size = screen.size
        guard size.width >= 80, size.height >= 24 else { TooSmall.draw(size: size, on: &canvas); return }
        let text = LiveText(language: screen.language)
        let full = Rect(x: 0, y: 0, width: size.width, height: size.height)
        canvas.put(text.title(screen), in: Rect(x: 0, y: 0, width: size.width, height: 1), style: Style.plain.reversed().bolded())
        drawServer(screen, text, in: Rect(x: 0, y: 1, width: size.width, height: 2), on: &canvas)
        drawTiers(screen, text, in: Rect(x: 0, y: 3, width: size.width, height: 1), on: &canvas)
        // A recorded walkthrough's cue sits in a box of two text lines above the status lines.
        let narrationHeight = screen.narration == nil ? 0 : narrationRows
        let body = Rect(x: 0, y: 4, width: size.width, height: size.height - 7 - narrationHeight)
        let treeBox = Rect(x: 0, y: body.y, width: size.width - statsWidth, height: body.height)
        let side = Rect(x: treeBox.width, y: body.y, width: statsWidth, height: body.height)
        drawTrees(screen, text, in: treeBox, on: &canvas)
        if screen.inspecting { drawInspector(screen, text, in: side, on: &canvas) } else { drawStats(screen, text, in: side, on: &canvas) }
        if let narration = screen.narration {
            drawNarration(narration, text, language: screen.language,
                          in: Rect(x: 0, y: body.y + body.height, width: size.width, height: narrationHeight), on: &canvas)
        }
        let problem = screen.cache.lastProblem ?? screen.metricsProblem.map { "metrics: " + $0 } ?? text.noProblem
        canvas.put(problem, in: Rect(x: 0, y: full.height - 3, width: size.width, height: 1),
                   style: screen.cache.lastProblem == nil && screen.metricsProblem == nil ? Style.plain.dimmed() : Style(fg: .yellow).bolded())
        canvas.put(text.connectionLine(screen), in: Rect(x: 0, y: full.height - 2, width: size.width, height: 1), style: Style.plain.dimmed())
        let keys = screen.isRecording ? text.recordingKeys : text.keys(replay: screen.playback != nil, walkthrough: screen.narration != nil)
        canvas.put(keys, in: Rect(x: 0, y: full.height - 1, width: size.width, height: 1), style: Style.plain.reversed())
        if let card = screen.card {
            LiveCard.draw(card, language: screen.language, in: body, on: &canvas)
        }
        if screen.showHelp {
            let help = Rect(x: 4, y: 5, width: size.width - 8, height: min(12, size.height - 8))
            canvas.fill(help)
            canvas.box(help, title: text.helpTitle)
            _ = canvas.putWrapped(text.help(replay: screen.playback != nil), in: help.inset(by: 1))
        }
    }

    static func drawServer(_ screen: LiveScreen, _ text: LiveText, in rect: Rect, on canvas: inout Canvas) {
        guard let metrics = screen.metrics else {
            // A recording made without --metrics never has them: a walkthrough over it leaves
            // the line empty, a replay says what the recording holds.
            if screen.recordedWithoutMetrics && screen.metricsProblem == nil {
                if screen.narration == nil {
                    canvas.put(text.eventsOnly, in: Rect(x: 1, y: rect.y, width: rect.width - 2, height: 1), style: Style.plain.dimmed())
                }
                return
            }
            canvas.put(text.noMetrics(screen), in: Rect(x: 1, y: rect.y, width: rect.width - 2, height: 1), style: Style.plain.dimmed())
            return
        }
        canvas.put(text.serverLine(metrics, rank: screen.metricsTotal == nil ? nil : screen.rankIndex, total: screen.metricsTotal), in: Rect(x: 1, y: rect.y, width: rect.width - 2, height: 1))
        let barWidth = max(10, rect.width / 3)
        let usage = max(0, min(1, metrics.usage ?? 0))
        let filled = Int((usage * Double(barWidth)).rounded())
        canvas.put(text.usageLabel, in: Rect(x: 1, y: rect.y + 1, width: 12, height: 1))
        let barX = 1 + DisplayWidth.of(text.usageLabel) + 1
        canvas.put(String(repeating: "█", count: filled), in: Rect(x: barX, y: rect.y + 1, width: filled, height: 1), style: Style(fg: .indexed(75)))
        canvas.put(String(repeating: "░", count: barWidth - filled), in: Rect(x: barX + filled, y: rect.y + 1, width: barWidth - filled, height: 1), style: Style.plain.dimmed())
        canvas.put(text.usageFigures(metrics, cache: screen.cache), in: Rect(x: barX + barWidth + 1, y: rect.y + 1, width: max(0, rect.width - barX - barWidth - 2), height: 1))
    }

    static func drawTiers(_ screen: LiveScreen, _ text: LiveText, in rect: Rect, on canvas: inout Canvas) {
        var x = 1
        canvas.put(text.tiersLabel, in: Rect(x: x, y: rect.y, width: 20, height: 1), style: Style.plain.bolded())
        x += DisplayWidth.of(text.tiersLabel) + 1
        if screen.tiers.isEmpty { canvas.put(text.noBlocks, in: Rect(x: x, y: rect.y, width: rect.width - x, height: 1), style: Style.plain.dimmed()); return }
        for (index, tier) in screen.tiers.enumerated() {
            guard let entry = screen.cache.state.tier(tier) else { continue }
            let label = " \(tier) \(entry.count) \(text.blocksWord(entry.count)) \(entry.roots) \(text.treesWord(entry.roots)) "
            let selected = screen.currentTier == tier && index == min(screen.tierIndex, screen.tiers.count - 1)
            let width = DisplayWidth.of(label)
            guard x + width <= rect.width else { break }
            canvas.put(label, in: Rect(x: x, y: rect.y, width: width, height: 1), style: selected ? Style.plain.reversed().bolded() : .plain)
            x += width + 1
        }
    }

    static func drawTrees(_ screen: LiveScreen, _ text: LiveText, in rect: Rect, on canvas: inout Canvas) {
        let title = screen.currentTier.map { text.treesTitle($0, trees: screen.trees?.trees.count ?? 0) } ?? text.treesTitle(nil, trees: 0)
        canvas.box(rect, title: title)
        let inner = rect.inset(by: 1)
        guard inner.width > labelWidth, inner.height > 0, let layout = screen.trees, !layout.trees.isEmpty else {
            canvas.put(text.waiting, in: Rect(x: inner.x + 1, y: inner.y, width: max(0, inner.width - 1), height: 1), style: Style.plain.dimmed())
            return
        }
        let perRow = max(1, inner.width - labelWidth)
        // Rows of every tree, to scroll the cursor into view.
        var rowsBefore: [Int] = []
        var total = 0
        for tree in layout.trees { rowsBefore.append(total); total += (tree.blocks.count + perRow - 1) / perRow }
        let cursorTree = layout.block(at: screen.cursor)?.tree ?? 0
        var flatBefore = 0
        for tree in layout.trees.prefix(cursorTree) { flatBefore += tree.blocks.count }
        let cursorRow = rowsBefore[cursorTree] + (screen.cursor - flatBefore) / perRow
        let top = max(0, cursorRow - inner.height + 1)
        var flat = 0
        let mono = !screen.appearance.colors
        for (number, tree) in layout.trees.enumerated() {
            defer { flat += tree.blocks.count }
            let firstRow = rowsBefore[number] - top
            let rows = (tree.blocks.count + perRow - 1) / perRow
            guard firstRow + rows > 0 else { continue }
            guard firstRow < inner.height else {
                let rest = layout.trees.count - number
                canvas.put(text.moreTrees(rest, blocks: layout.trees[number...].reduce(0) { $0 + $1.blocks.count }),
                           in: Rect(x: inner.x, y: inner.y + inner.height - 1, width: inner.width, height: 1), style: Style.plain.dimmed())
                break
            }
            let color = treeColors[number % treeColors.count]
            if firstRow >= 0 {
                let label = (tree.orphan ? "…" : "") + "T\(number + 1)·\(tree.blocks.count)"
                canvas.put(label, in: Rect(x: inner.x, y: inner.y + firstRow, width: labelWidth - 1, height: 1), style: mono ? .plain : Style(fg: color))
            }
            for (offset, block) in tree.blocks.enumerated() {
                let row = firstRow + offset / perRow
                guard row >= 0, row < inner.height else { continue }
                let isCursor = flat + offset == screen.cursor
                let isFresh = screen.fresh.contains(block.hash)
                var style = mono ? Style.plain : Style(fg: color)
                if isFresh { style = style.bolded() }
                if isCursor { style = style.reversed() }
                let glyph = treeGlyph(fresh: isFresh, root: block.depth == 0, tree: number, colors: !mono)
                canvas.put(String(glyph), in: Rect(x: inner.x + labelWidth + offset % perRow, y: inner.y + row, width: 1, height: 1), style: style)
            }
        }
    }

    /// A block of the prefix trees: `◆` stored by the last batch, `▣` a tree's root, else `■`
    /// in the tree's colour, or the tree's letter when there is no colour. The two marks are
    /// the same in both modes, so a cue or the help naming them is true either way.
    public static func treeGlyph(fresh: Bool, root: Bool, tree: Int, colors: Bool) -> Character {
        if fresh { return "◆" }
        if root { return "▣" }
        return colors ? "■" : Character(UnicodeScalar(UInt8(65 + tree % 26)))
    }

    /// Every glyph `treeGlyph` draws other than the letters: what a cue may name.
    public static let treeMarks: Set<Character> = ["◆", "▣", "■"]

    static func drawStats(_ screen: LiveScreen, _ text: LiveText, in rect: Rect, on canvas: inout Canvas) {
        canvas.box(rect, title: text.statsTitle)
        let lines = text.stats(screen.cache)
        for (row, line) in lines.enumerated() where row < rect.height - 2 {
            canvas.put(line.text, in: Rect(x: rect.x + 1, y: rect.y + 1 + row, width: rect.width - 2, height: 1),
                       style: line.warn ? Style(fg: .yellow).bolded() : .plain)
        }
    }

    static func drawInspector(_ screen: LiveScreen, _ text: LiveText, in rect: Rect, on canvas: inout Canvas) {
        canvas.box(rect, title: text.inspectorTitle)
        let inner = rect.inset(by: 1)
        guard let selected = screen.selected else {
            canvas.put(text.nothingSelected, in: Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), style: Style.plain.dimmed())
            return
        }
        _ = canvas.putWrapped(text.inspection(selected.hash, depth: selected.depth, tree: selected.tree, block: selected.block), in: inner)
    }
}
