import Engine
import KVCore
import TerminalCanvas

/// The contiguous baseline's linear address space: each cell a run of token slots, first-fit
/// extents drawn per request as used (owner letter), reserved for future tokens (`▒`), internal
/// fragmentation (`░`, reserved but never used) and holes (`·`), with its usage shares below.
enum ContiguousPanel {
    enum Kind: Int { case hole = 0, internalFragment, future, used }

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        guard let view = frame.snapshot.contiguous else {
            let inner = frame.panel(rect, title: frame.tr("Contiguous", "连续分配"), on: &canvas)
            canvas.putWrapped(frame.tr("This run has no contiguous baseline (the chapter sets no policy).",
                                       "本次运行没有连续分配基线（本章未设策略）。"), in: inner, style: frame.theme.dim)
            return
        }
        let capacity = ByteCount.grouped(view.capacitySlots)
        let inner = frame.panel(rect, title: frame.tr("Contiguous \(view.policyName): \(capacity) slots",
                                                      "连续分配 \(view.policyName)：\(capacity) 槽"), on: &canvas)
        guard inner.height >= 1, inner.width >= 4 else { return }
        // While the head of the queue waits for a hole its reservation fits in, the free slots
        // are external fragmentation: drawn as such, with a line saying what waits for what.
        let blocked = view.blocked
        let fragmented = blocked?.holeTooSmall == true
        let footer = blocked != nil && inner.height >= 6 ? 3 : 2
        let rows = max(1, inner.height - footer)
        let cells = inner.width * rows
        let perCell = max(1, (view.capacitySlots + cells - 1) / max(cells, 1))
        let used = (view.capacitySlots + perCell - 1) / perCell
        var kinds = [Kind](repeating: .hole, count: used)
        var owners = [RequestID?](repeating: nil, count: used)
        func paint(_ range: Range<Int>, _ kind: Kind, _ owner: RequestID) {
            guard !range.isEmpty else { return }
            let first = range.lowerBound / perCell
            let last = min(used - 1, (range.upperBound - 1) / perCell)
            guard first <= last else { return }
            for cell in first...last where kinds[cell].rawValue < kind.rawValue {
                kinds[cell] = kind
                owners[cell] = owner
            }
        }
        for extent in view.extents {
            let start = extent.start
            paint(start..<(start + extent.used), .used, extent.request)
            paint((start + extent.used)..<(start + min(extent.finalLength, extent.reserved)), .future, extent.request)
            paint((start + extent.finalLength)..<(start + extent.reserved), .internalFragment, extent.request)
        }
        var runStart = 0
        for cell in 0..<min(used, cells) {
            let point = Point(x: inner.x + cell % inner.width, y: inner.y + cell / inner.width)
            let owner = owners[cell]
            let style = owner.map { frame.ownerStyle($0) } ?? frame.theme.faint
            if cell == 0 || kinds[cell - 1] != .used || owners[cell - 1] != owner { runStart = cell }
            let glyph: String
            switch kinds[cell] {
            case .used: glyph = usedGlyph(label: owner.map { frame.label($0) } ?? "?", at: cell - runStart)
            case .future: glyph = "▒"
            case .internalFragment: glyph = "░"
            case .hole: glyph = fragmented ? "▚" : "·"
            }
            canvas.put(glyph, at: point, style: kinds[cell] == .used ? style.bolded() : style, clip: inner)
        }
        guard inner.height >= 3 else { return }
        let free = fragmented ? frame.tr("▚ external frag.", "▚ 外部碎片") : frame.tr("· free", "· 空闲")
        let narration = frame.state.narration?.text.text(frame.language)
        let scale = NamedFirst.Entry(text: frame.tr("1 cell = \(perCell) slot\(perCell == 1 ? "" : "s")",
                                                    "每格 \(perCell) 槽"), names: [])
        let legendEntries = [
            scale,
            NamedFirst.Entry(text: frame.tr("A used", "A 使用"), names: [frame.tr("tokens fill", "token 只占")]),
            NamedFirst.Entry(text: frame.tr("▒ reserved", "▒ 预留"), names: ["▒", frame.tr("reserv", "预留")]),
            NamedFirst.Entry(text: frame.tr("░ internal frag.", "░ 内部碎片"), names: ["░", frame.tr("internal", "内部碎片")]),
            NamedFirst.Entry(text: free, names: fragmented ? ["▚", frame.tr("external", "外部碎片")] : []),
        ]
        let legend = NamedFirst.line(legendEntries, importance: [4, 2, 3, 1, 0], separator: "  ", width: inner.width,
                                     narration: narration)
        if let blocked, footer == 3 || fragmented {
            let who = frame.label(blocked.request)
            let (slots, freeSlots, hole) = (ByteCount.grouped(blocked.slots), ByteCount.grouped(blocked.freeSlots),
                                       ByteCount.grouped(blocked.largestHole))
            var line = frame.tr("\(who) needs \(slots) in one piece: free \(freeSlots), largest hole \(hole)",
                                "\(who) 需连续 \(slots) 槽：空闲 \(freeSlots)，最大空洞 \(hole)")
            if DisplayWidth.of(line) > inner.width {
                line = frame.tr("\(who) needs \(slots), largest hole \(hole)",
                                "\(who) 需 \(slots) 槽，最大空洞 \(hole)")
            }
            let row = footer == 3 ? inner.maxY - 3 : inner.maxY - 2
            canvas.put(line, in: Rect(x: inner.x, y: row, width: inner.width, height: 1),
                       style: fragmented ? frame.theme.accent : frame.theme.dim)
        }
        if let left = view.stepsToFinish, left > 0 {
            // The paged run is over; this server is not.
            canvas.put(frame.tr("paged done; needs \(left) more steps", "分页已完成；本服务器还需 \(left) 步"),
                       in: Rect(x: inner.x, y: inner.maxY - 2, width: inner.width, height: 1), style: frame.theme.accent)
        } else if let done = view.finishedStep, let paged = view.pagedFinishStep, done > paged {
            // Both are done (`run_until: both`): how much later this one finished.
            var line = frame.tr("done at step \(done), \(done - paged) steps after paged (step \(paged))",
                                "第 \(done) 步完成，比分页（第 \(paged) 步）晚 \(done - paged) 步")
            if DisplayWidth.of(line) > inner.width {
                line = frame.tr("done at step \(done); paged at \(paged)", "第 \(done) 步完成；分页在第 \(paged) 步")
            }
            canvas.put(line, in: Rect(x: inner.x, y: inner.maxY - 2, width: inner.width, height: 1), style: frame.theme.accent)
        } else if footer == 3 || !fragmented {
            canvas.put(legend, in: Rect(x: inner.x, y: inner.maxY - 2, width: inner.width, height: 1), style: frame.theme.dim)
        }
        let total = max(1, view.capacitySlots)
        let figures = [view.tokenStateSlots, view.reservedSlots, view.internalFragmentationSlots,
                       view.externalFragmentationSlots].map { percent($0, of: total) }
        let words = [frame.tr("used", "使用"), frame.tr("reserved", "预留"), frame.tr("internal", "内部碎片"),
                     frame.tr("external", "外部碎片")]
        var entries = zip(words, figures).map { word, figure in
            // Named by its word or by the figure itself (a live figure quoted in the cue).
            NamedFirst.Entry(text: "\(word) \(figure)", names: [word == frame.tr("used", "使用") ? frame.tr("tokens fill", "token 只占") : word,
                                                              figure.count > 2 ? figure : ""])
        }
        entries.append(NamedFirst.Entry(text: frame.tr("waiting \(view.waitingRequests)", "等待 \(view.waitingRequests)"),
                                        names: [frame.tr("waiting", "等待")]))
        let shares = NamedFirst.line(entries, importance: [0, 3, 2, 1, 4], separator: " · ", width: inner.width,
                                     narration: narration)
        canvas.put(shares, in: Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1))
    }

    /// The glyph of the `offset`-th used cell of an owner's run: its letter in every cell for a
    /// one-letter label; a longer label (past Z: AA, AB ...) is spelled whole at the start of
    /// the run, then `▪` (stored) fills it, so AA never reads as A.
    static func usedGlyph(label: String, at offset: Int) -> String {
        let letters = Array(label)
        guard letters.count > 1 else { return String(Theme.letter(label)) }
        return offset < letters.count ? String(letters[offset]) : "▪"
    }
}
