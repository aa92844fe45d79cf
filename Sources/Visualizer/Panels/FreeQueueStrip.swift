import Engine
import KVCore
import TerminalCanvas

/// One row: the manager's free queue from head to tail, as the snapshot carries it. The head
/// (`▶`) is the next block an allocation takes, evicting its prefix-cache entry if it has one;
/// cached blocks (`○`) show their hash's first hex digits; a block a prefix hit pulled out of
/// the queue this step leaves `↑#N` where it stood. What does not fit is folded into `…N`,
/// keeping the head, the tail and every gap a hit left.
enum FreeQueueStrip {
    /// One thing on the strip: a queued block (its place in the queue) or a hit's gap.
    enum Entry: Equatable {
        case queued(Int)
        case taken(FreeQueueTake)
    }

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let line = spans(frame, width: rect.width)
        canvas.put(line, at: rect.origin, clip: rect)
    }

    /// The row's spans for `width` columns.
    static func spans(_ frame: Frame, width: Int) -> [Span] {
        let snapshot = frame.snapshot
        let theme = frame.theme
        let queue = snapshot.freeQueue
        var line: [Span] = [Span(frame.tr(" Free queue \(queue.count) ", " 空闲队列 \(queue.count) "), theme.heading),
                            Span(frame.tr("head ", "队首 "), theme.dim)]
        let legend = snapshot.queueTakes.isEmpty ? [] : [Span(frame.tr(" ↑ taken by a hit", " ↑ 被命中取走"), theme.accent)]
        let tail = Span(frame.tr(" tail", " 队尾"), theme.dim)
        let budget = width - line.reduce(0) { $0 + $1.width } - tail.width - legend.reduce(0) { $0 + $1.width }
        let entries = self.entries(snapshot)
        let chosen = fit(entries, budget: budget) { text(frame, $0).width + 1 }
        var previous = -1
        for index in chosen {
            if index > previous + 1 {
                line.append(Span("…\(index - previous - 1) ", theme.faint))
            }
            line.append(text(frame, entries[index]))
            line.append(Span(" "))
            previous = index
        }
        if previous < entries.count - 1 {
            line.append(Span("…\(entries.count - 1 - previous) ", theme.faint))
        }
        if queue.isEmpty { line.append(Span(frame.tr("(empty)", "（空）"), theme.dim)) }
        // `tail` brings its own space: drop the one after the last entry or fold mark (`…5 `).
        if let last = line.indices.last, line[last].text.hasSuffix(" ") {
            line[last].text.removeLast()
            if line[last].text.isEmpty { line.removeLast() }
        }
        line += [tail] + legend
        // Room to spare: what the head means.
        let hint = Span(frame.tr(" · ▶ next allocation takes it (○: evicts its hash)", " · ▶ 下次分配取它（○：逐出其哈希）"), theme.faint)
        if line.reduce(0, { $0 + $1.width }) + hint.width <= width { line.append(hint) }
        return line
    }

    /// Queued blocks in order with each hit's gap before the block that followed it.
    static func entries(_ snapshot: Snapshot) -> [Entry] {
        let count = snapshot.freeQueue.count
        // Each gap goes before the queue position of the block that followed it (the end: after all).
        let gaps = snapshot.queueTakes.map { take -> (before: Int, take: FreeQueueTake) in
            let before = take.nextStillQueued.flatMap { block in
                snapshot.freeQueue.firstIndex(of: block)
            } ?? count
            return (before, take)
        }.sorted { ($0.before, $0.take.position) < ($1.before, $1.take.position) }
        var entries: [Entry] = []
        entries.reserveCapacity(count + gaps.count)
        var next = 0
        for position in 0..<count {
            while next < gaps.count, gaps[next].before <= position {
                entries.append(.taken(gaps[next].take))
                next += 1
            }
            entries.append(.queued(position))
        }
        while next < gaps.count {
            entries.append(.taken(gaps[next].take))
            next += 1
        }
        return entries
    }

    /// Indices of the entries to draw within `budget` columns: every gap a hit left, the tail,
    /// then as many from the head as fit; each run left out costs a `…N ` mark.
    static func fit(_ entries: [Entry], budget: Int, width: (Entry) -> Int) -> [Int] {
        guard !entries.isEmpty else { return [] }
        func cost(_ chosen: [Int]) -> Int {
            var total = 0
            var previous = -1
            for index in chosen {
                if index > previous + 1 { total += 2 + String(index - previous - 1).count }
                total += width(entries[index])
                previous = index
            }
            if previous < entries.count - 1 { total += 2 + String(entries.count - 1 - previous).count }
            return total
        }
        var chosen: [Int] = []
        func tryAdd(_ index: Int) {
            guard !chosen.contains(index) else { return }
            let candidate = (chosen + [index]).sorted()
            if cost(candidate) <= budget { chosen = candidate }
        }
        for index in entries.indices { if case .taken = entries[index] { tryAdd(index) } }
        tryAdd(0)
        tryAdd(entries.count - 1)
        var index = 1
        // Width grows with every block; stop at the first that no longer fits.
        while index < entries.count - 1 {
            let before = chosen
            tryAdd(index)
            if chosen == before, !before.contains(index) { break }
            index += 1
        }
        return chosen
    }

    /// `▶#6` at the head, `○#1:a3f1` for a cached block, `↑#4` where a hit took one.
    static func text(_ frame: Frame, _ entry: Entry) -> Span {
        let theme = frame.theme
        switch entry {
        case let .taken(take):
            return Span("↑#\(take.block.index)", theme.accent.underlined())
        case let .queued(position):
            let block = frame.snapshot.blocks[frame.snapshot.freeQueue[position].index]
            let head = position == 0 ? "▶" : ""
            // Freed this step: it just joined the tail.
            let fresh = block.change == .freed
            if let hash = block.hash {
                var style = position == 0 ? theme.warning : theme.swatch(.kvCached)
                if fresh { style = style.underlined() }
                return Span("\(head)○#\(block.id.index):\(hash.description.prefix(4))", style)
            }
            let style = position == 0 ? theme.warning : theme.dim
            return Span("\(head)#\(block.id.index)", fresh ? style.underlined() : style)
        }
    }
}
