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

    static func items(_ frame: Frame) -> [Item] {
        let snapshot = frame.snapshot
        guard snapshot.step > 0 else { return [] }
        let theme = frame.theme
        let bySequence = SequenceOwners(snapshot)
        func who(_ seq: SequenceID) -> String { bySequence[seq].map { frame.label($0) } ?? "?" }
        func whoStyle(_ seq: SequenceID) -> Style { bySequence[seq].map { frame.ownerStyle($0).bolded() } ?? theme.plain }

        var items: [Item] = []
        let highlight = frame.highlight
        if highlight.reason == .attention, let request = highlight.request {
            let label = Span(frame.label(request), frame.ownerStyle(request).bolded())
            let text = frame.tr(" reads \(highlight.readBlocks) blocks / \(highlight.readKV) K/V",
                                " 读取 \(highlight.readBlocks) 块 / \(highlight.readKV) 个 K/V")
            items.append(Item(full: [label, Span(text, theme.accent)], short: [label, Span(text, theme.accent)]))
        }
        // Block events grouped per sequence and kind, in the order they first happen.
        var allocated: [(SequenceID, [BlockID])] = []
        var hits: [(SequenceID, [BlockID])] = []
        var freed: [(SequenceID, [BlockID])] = []
        var evicted: [BlockID] = []
        func add(_ list: inout [(SequenceID, [BlockID])], _ seq: SequenceID, _ block: BlockID) {
            if let index = list.firstIndex(where: { $0.0 == seq }) { list[index].1.append(block) } else { list.append((seq, [block])) }
        }
        var others: [Item] = []
        for event in snapshot.events {
            switch event {
            case let .paging(.allocated(seq, block, _)): add(&allocated, seq, block)
            case let .paging(.prefixHit(seq, block, _)): add(&hits, seq, block)
            case let .paging(.freed(seq, block, after)) where after == 0: add(&freed, seq, block)
            case let .paging(.evicted(block, _)): evicted.append(block)
            case let .paging(.copiedOnWrite(seq, from, to, _)):
                let copy = highlight.copyDestination(to.index)
                let refs = copy.map { frame.tr(", ref \($0.refBefore)\(theme.glyphs.becomes)\($0.refAfter)",
                                               "，引用 \($0.refBefore)\(theme.glyphs.becomes)\($0.refAfter)") } ?? ""
                let text = frame.tr(" copied #\(from.index) \(theme.glyphs.copy) #\(to.index)\(refs)",
                                    " 写时复制 #\(from.index) \(theme.glyphs.copy) #\(to.index)\(refs)")
                let spans = [Span(who(seq), whoStyle(seq)), Span(text, theme.warning)]
                others.append(Item(full: spans, short: spans))
            case let .preempted(id, freedBlocks):
                let spans = [Span(frame.label(id), frame.ownerStyle(id).bolded()),
                             Span(frame.tr(" preempted (\(freedBlocks) freed)", " 被抢占（释放 \(freedBlocks) 块）"), theme.warning)]
                others.append(Item(full: spans, short: spans))
            case let .beamDropped(id, freedBlocks):
                let spans = [Span(frame.label(id), frame.ownerStyle(id).bolded()),
                             Span(frame.tr(" beam dropped (\(freedBlocks) freed)", " 束被淘汰（释放 \(freedBlocks) 块）"), theme.warning)]
                others.append(Item(full: spans, short: spans))
            case let .finished(id):
                let spans = [Span(frame.label(id), frame.ownerStyle(id).bolded()), Span(snapshot.request(id)?.beam?.isBest == true
                                 ? frame.tr(" finished (best beam)", " 完成（最佳束）") : frame.tr(" finished", " 完成"))]
                others.append(Item(full: spans, short: spans))
            case let .forked(parent, child):
                let spans = [Span(frame.label(parent), frame.ownerStyle(parent).bolded()), Span(frame.tr(" forked ", " 分叉出 ")),
                             Span(frame.label(child), frame.ownerStyle(child).bolded())]
                others.append(Item(full: spans, short: spans))
            default:
                break
            }
        }
        func listed(_ list: [(SequenceID, [BlockID])], _ en: String, _ zh: String) {
            for (seq, blocks) in list {
                let name = Span(who(seq), whoStyle(seq))
                items.append(Item(full: [name, Span(frame.tr(" \(en) ", " \(zh) ")), Span(ids(blocks), theme.heading)],
                                  short: [name, Span(frame.tr(" \(en) \(blocks.count)", " \(zh) \(blocks.count) 块"))]))
            }
        }
        listed(hits, "prefix hit", "前缀命中")
        listed(allocated, "allocated", "分配")
        if !evicted.isEmpty {
            items.append(Item(full: [Span(frame.tr("evicted ", "逐出 ")), Span(ids(evicted), theme.heading)],
                              short: [Span(frame.tr("evicted \(evicted.count)", "逐出 \(evicted.count) 块"))]))
        }
        // Copies, preemptions, forks and finishes matter more than the block lists: they go first
        // after the attention read, so they survive a narrow line.
        let insertAt = highlight.reason == .attention ? 1 : 0
        items.insert(contentsOf: others, at: min(insertAt, items.count))
        listed(freed, "freed", "释放")
        return items
    }
}
