import Engine
import KVCore
import TerminalCanvas

/// One line above the narration: this step's block events in words, with request and block ids
/// ("A allocated #4 #5 · B prefix hit #0 #1 · evicted #7 · A2 copied #1 ⇒ #3, ref 3→2 · C
/// preempted · A finished"), and during decode what the query reads. Lists shorten to counts
/// and then trailing items drop (counted) when the line is too narrow.
enum ChangeStrip {
    /// One item of the strip, in full and as a count.
    struct Item {
        let full: [Span]
        let short: [Span]
    }

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let head = [Span(frame.tr(" this step: ", " 本步："), frame.theme.dim)]
        let all = items(frame)
        let body: [Item] = all.isEmpty
            ? [Item(full: [Span(frame.tr("no block changed", "无块变化"), frame.theme.dim)], short: [])]
            : all
        canvas.put(head + fit(frame, body, width: rect.width - head.reduce(0) { $0 + $1.width }), at: rect.origin, clip: rect)
    }

    /// The items joined by ` · `: in full when they fit, else as counts, else the first ones and
    /// `+N more`.
    static func fit(_ frame: Frame, _ items: [Item], width: Int) -> [Span] {
        let separator = Span(" · ", frame.theme.faint)
        func joined(_ parts: [[Span]]) -> [Span] {
            var spans: [Span] = []
            for (index, part) in parts.enumerated() {
                if index > 0 { spans.append(separator) }
                spans += part
            }
            return spans
        }
        func measure(_ spans: [Span]) -> Int { spans.reduce(0) { $0 + $1.width } }
        let full = joined(items.map(\.full))
        if measure(full) <= width { return full }
        let short = items.map { $0.short.isEmpty ? $0.full : $0.short }
        let shortLine = joined(short)
        if measure(shortLine) <= width { return shortLine }
        for count in stride(from: short.count - 1, through: 1, by: -1) {
            let more = Span(frame.tr(" +\(short.count - count) more", " 另 \(short.count - count) 项"), frame.theme.dim)
            let line = joined(Array(short.prefix(count))) + [more]
            if measure(line) <= width { return line }
        }
        return shortLine
    }

    static func ids(_ blocks: [BlockID], limit: Int = 6) -> String {
        let shown = blocks.prefix(limit).map { "#\($0.index)" }.joined(separator: " ")
        return blocks.count > limit ? shown + " …" : shown
    }

    /// The items of the snapshot's change list (worked out once per step) in words and styles.
    static func items(_ frame: Frame) -> [Item] {
        let snapshot = frame.snapshot
        guard snapshot.step > 0 else { return [] }
        let theme = frame.theme
        let changes = snapshot.changeList
        func who(_ request: RequestID?) -> Span {
            Span(request.map { frame.label($0) } ?? "?", request.map { frame.ownerStyle($0).bolded() } ?? theme.plain)
        }
        func named(_ id: RequestID) -> Span { Span(frame.label(id), frame.ownerStyle(id).bolded()) }

        var items: [Item] = []
        let highlight = frame.highlight
        if highlight.reason == .attention, let request = highlight.request {
            let reads = highlight.groupReads
            if reads.isEmpty {
                let text = frame.tr(" reads \(highlight.readBlocks) blocks / \(highlight.readKV) K/V",
                                    " 读取 \(highlight.readBlocks) 块 / \(highlight.readKV) 个 K/V")
                let spans = [named(request), Span(text, theme.accent)]
                items.append(Item(full: spans, short: spans))
            } else {
                // A hybrid model: each KV-cache group's read (a sliding group reads its window).
                let full = frame.tr(" reads \(GroupReadText.blocksAndKV(frame, reads))", " 读取 \(GroupReadText.blocksAndKV(frame, reads))")
                let short = frame.tr(" reads \(GroupReadText.counts(reads)) blocks / \(GroupReadText.kvCounts(reads)) K/V",
                                     " 读取 \(GroupReadText.counts(reads)) 块 / \(GroupReadText.kvCounts(reads)) 个 K/V")
                items.append(Item(full: [named(request), Span(full, theme.accent)], short: [named(request), Span(short, theme.accent)]))
            }
        }
        var others: [Item] = []
        for notable in changes.notable {
            let spans: [Span]
            switch notable {
            case let .copied(index):
                let copy = changes.copies[index]
                let refs = frame.tr(", ref \(copy.refBefore)\(theme.glyphs.becomes)\(copy.refAfter)",
                                    "，引用 \(copy.refBefore)\(theme.glyphs.becomes)\(copy.refAfter)")
                spans = [who(copy.request),
                         Span(frame.tr(" copied #\(copy.from.index) \(theme.glyphs.copy) #\(copy.to.index)\(refs)",
                                       " 写时复制 #\(copy.from.index) \(theme.glyphs.copy) #\(copy.to.index)\(refs)"), theme.warning)]
            case let .preempted(id, freedBlocks):
                spans = [named(id), Span(frame.tr(" preempted (\(freedBlocks) freed)", " 被抢占（释放 \(freedBlocks) 块）"), theme.warning)]
            case let .beamDropped(id, freedBlocks):
                spans = [named(id), Span(frame.tr(" beam dropped (\(freedBlocks) freed)", " 束被淘汰（释放 \(freedBlocks) 块）"), theme.warning)]
            case let .finished(id, bestBeam):
                spans = [named(id), Span(bestBeam ? frame.tr(" finished (best beam)", " 完成（最佳束）") : frame.tr(" finished", " 完成"))]
            case let .forked(parent, child):
                spans = [named(parent), Span(frame.tr(" forked ", " 分叉出 ")), named(child)]
            }
            others.append(Item(full: spans, short: spans))
        }
        func listed(_ lists: [StepChangeList.Blocks], _ en: String, _ zh: String) {
            for list in lists {
                let name = who(list.request)
                items.append(Item(full: [name, Span(frame.tr(" \(en) ", " \(zh) ")), Span(ids(list.blocks), theme.heading)],
                                  short: [name, Span(frame.tr(" \(en) \(list.blocks.count)", " \(zh) \(list.blocks.count) 块"))]))
            }
        }
        listed(changes.prefixHits, "prefix hit", "前缀命中")
        listed(changes.allocated, "allocated", "分配")
        if !changes.evicted.isEmpty {
            items.append(Item(full: [Span(frame.tr("evicted ", "逐出 ")), Span(ids(changes.evicted), theme.heading)],
                              short: [Span(frame.tr("evicted \(changes.evicted.count)", "逐出 \(changes.evicted.count) 块"))]))
        }
        // Copies, preemptions, forks and finishes matter more than the block lists: they go first
        // after the attention read, so they survive a narrow line.
        let insertAt = highlight.reason == .attention ? 1 : 0
        items.insert(contentsOf: others, at: min(insertAt, items.count))
        listed(changes.freed, "freed", "释放")
        return items
    }
}
