import Engine
import KVCore
import TerminalCanvas

/// The block inspector, drawn over the main area: who owns the block (with the logical index in
/// each table), its ref count, hash, the tokens in its slots and its free/cached state.
enum Inspector {
    static func draw(_ frame: Frame, block id: BlockID, in area: Rect, on canvas: inout Canvas) {
        guard id.index >= 0, id.index < frame.snapshot.numBlocks else { return }
        let block = frame.snapshot.blocks[id.index]
        let lines = self.lines(frame, block)
        let width = min(area.width - 4, max(40, (lines.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0) + 4))
        let height = min(area.height, lines.count + 2)
        guard width > 4, height > 2 else { return }
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2,
                        width: width, height: height)
        canvas.fill(rect)
        let inner = canvas.box(rect, title: frame.theme.boxTitle(frame.tr("Block #\(id.index)  (Esc closes)",
                                                                        "块 #\(id.index)（Esc 关闭）"), focused: true),
                               style: frame.theme.box(focused: true), titleStyle: frame.theme.accent)
        let content = inner.inset(left: 1, right: 1)
        for (row, spans) in lines.prefix(content.height).enumerated() {
            canvas.put(spans, at: Point(x: content.x, y: content.y + row), clip: content)
        }
    }

    static func lines(_ frame: Frame, _ block: BlockView) -> [[Span]] {
        let theme = frame.theme
        func field(_ en: String, _ zh: String) -> Span { Span(TextLayout.pad(frame.tr(en, zh), to: 10), theme.dim) }
        var lines: [[Span]] = []
        let state: String
        if block.refCount > 0 {
            state = frame.tr("in use", "使用中")
        } else if block.hash != nil {
            state = frame.tr("free, cached (a later request can still hit it)", "空闲、已缓存（之后的请求仍可命中）")
        } else {
            state = frame.tr("free, clean", "空闲、干净")
        }
        lines.append([field("state", "状态"), Span(state, theme.heading)])
        var owners: [Span] = [field("owners", "所有者")]
        if block.owners.isEmpty { owners.append(Span("–", theme.dim)) }
        for owner in block.owners {
            owners.append(Span(frame.label(owner.request), frame.ownerStyle(owner.request).bolded()))
            owners.append(Span(frame.tr(" logical \(owner.logicalIndex)  ", " 逻辑块 \(owner.logicalIndex)  "), theme.dim))
        }
        lines.append(owners)
        lines.append([field("ref count", "引用计数"), Span("\(block.refCount)", block.refCount > 1 ? theme.accent : .plain)])
        lines.append([field("slots", "槽位"), Span(frame.tr("\(block.filledSlots)/\(frame.snapshot.blockSize) filled, \(block.computedSlots) computed",
                                                              "已填 \(block.filledSlots)/\(frame.snapshot.blockSize)，已计算 \(block.computedSlots)"))])
        lines.append([field("hash", "哈希"), Span(block.hash.map { "\($0)" } ?? frame.tr("none (not full or not computed)", "无（未满或未计算）"))])
        lines.append([field("tokens", "token"), Span(tokenList(frame, block))])
        if block.refCount == 0 {
            lines.append([field("free queue", "空闲队列"), Span(queuePosition(frame, block))])
        }
        if let change = block.change {
            lines.append([field("this step", "本步"), Span("\(change)", theme.warning)])
        }
        return lines
    }

    static func tokenList(_ frame: Frame, _ block: BlockView) -> String {
        guard !block.tokens.isEmpty else { return "–" }
        if let owner = block.owners.first, let request = frame.requestsByID[owner.request], !request.tokenTexts.isEmpty {
            let start = owner.logicalIndex * frame.snapshot.blockSize
            let texts = request.tokenTexts.dropFirst(start).prefix(block.tokens.count)
            return texts.map { "\"\(Sequences.display($0))\"" }.joined(separator: " ")
        }
        return block.tokens.map(String.init).joined(separator: " ")
    }

    /// The free queue is not part of the snapshot; counting free blocks by id is the best
    /// approximation the snapshot allows (see the report).
    static func queuePosition(_ frame: Frame, _ block: BlockView) -> String {
        let cachedFirst = frame.tr("cached blocks are evicted when they reach the head", "缓存块到达队首时被逐出")
        return block.hash != nil ? cachedFirst : frame.tr("taken when it reaches the head", "到达队首时被分配")
    }
}
