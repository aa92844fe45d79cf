import Engine
import KVCore
import TerminalCanvas

/// The block inspector, drawn over the main area: who owns the block (with the logical index in
/// each table), its ref count, hash, the tokens in its slots and its free/cached state.
enum Inspector {
    static func draw(_ frame: Frame, block id: BlockID, in area: Rect, on canvas: inout Canvas) {
        guard id.index >= 0, id.index < frame.snapshot.numBlocks else { return }
        let block = frame.snapshot.blocks[id.index]
        var lines = self.lines(frame, block)
        var title = frame.tr("Block #\(id.index)  (Esc closes)", "块 #\(id.index)（Esc 关闭）")
        if let memory = frame.snapshot.memory, let anatomy = memory.anatomy {
            if frame.state.inspectsTensors {
                lines = BlockAnatomyPicture.lines(frame, anatomy, blockBytes: memory.blockBytes,
                                                  height: area.height - 2, width: area.width - 6)
                title = frame.tr("Block #\(id.index) as tensors: \(ByteCount.binary(memory.blockBytes))  (Enter closes)",
                                 "块 #\(id.index) 的张量：\(ByteCount.binary(memory.blockBytes))（Enter 关闭）")
            } else {
                lines.append([Span(frame.tr("Enter: its tensors (K, V, layers, heads)", "Enter：看它的张量（K、V、层、头）"),
                                   frame.theme.dim)])
            }
        }
        let width = min(area.width - 4, max(40, (lines.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0) + 4))
        let height = min(area.height, lines.count + 2)
        guard width > 4, height > 2 else { return }
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2,
                        width: width, height: height)
        canvas.fill(rect)
        let inner = canvas.box(rect, title: frame.theme.boxTitle(title, focused: true),
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
        let hybrid = !frame.snapshot.kvGroups.isEmpty
        for owner in block.owners {
            owners.append(Span(frame.label(owner.request), frame.ownerStyle(owner.request).bolded()))
            if hybrid, owner.group < frame.snapshot.kvGroups.count {
                // Which KV-cache group's table holds it, tagged as the block tables tag the row.
                let tag = BlockTables.groupTag(frame, frame.snapshot.kvGroups[owner.group])
                owners.append(Span(frame.tr(" logical \(owner.logicalIndex) in \(tag)  ", " \(tag)组逻辑块 \(owner.logicalIndex)  "), theme.dim))
            } else {
                owners.append(Span(frame.tr(" logical \(owner.logicalIndex)  ", " 逻辑块 \(owner.logicalIndex)  "), theme.dim))
            }
        }
        lines.append(owners)
        if let read = groupRead(frame, block) { lines.append([field("query", "查询"), Span(read, theme.accent)]) }
        lines.append([field("ref count", "引用计数"), Span("\(block.refCount)", block.refCount > 1 ? theme.accent : .plain)])
        lines.append([field("slots", "槽位"), Span(frame.tr("\(block.fill.used)/\(frame.snapshot.blockSize) filled: \(block.fill.stored) stored, \(block.fill.pending) pending",
                                                              "已填 \(block.fill.used)/\(frame.snapshot.blockSize)：已存 \(block.fill.stored)，待算 \(block.fill.pending)"))])
        lines.append([field("hash", "哈希"), Span(block.hash.map { "\($0)" } ?? frame.tr("none (not full or not computed)", "无（未满或未计算）"))])
        lines.append([field("tokens", "token"), Span(tokenList(frame, block))])
        if block.refCount == 0 {
            for (index, text) in queuePosition(frame, block).enumerated() {
                lines.append([index == 0 ? field("free queue", "空闲队列") : Span(TextLayout.pad("", to: 10)), Span(text)])
            }
        }
        if let change = block.change {
            lines.append([field("this step", "本步"), Span("\(change)", theme.warning)])
        }
        let path = hybrid ? hybridManagerPath : referenceManagerPath
        lines.append([field("how", "原理"), Span(frame.tr("read ", "读 ") + path, theme.dim)])
        return lines
    }

    /// In a hybrid model, when this step's highlighted query reads the block: in which group,
    /// and how much that group reads (all blocks of a full group, the window of a sliding one).
    static func groupRead(_ frame: Frame, _ block: BlockView) -> String? {
        let highlight = frame.highlight
        guard highlight.reason == .attention, let request = highlight.request,
              let owner = block.owners.first(where: { $0.request == request }),
              owner.group < highlight.groupReads.count else { return nil }
        let read = highlight.groupReads[owner.group]
        guard owner.logicalIndex >= read.firstLogical, owner.logicalIndex < read.firstLogical + read.blocks else { return nil }
        let name = frame.label(request)
        let tag = BlockTables.groupTag(frame, read.attention)
        if read.attention.window != nil {
            return frame.tr("\(name)'s query reads it: \(read.blocks) blocks / \(read.kv) K/V in \(tag) (its window)",
                            "\(name) 的查询读它：\(tag)组读 \(read.blocks) 块 / \(read.kv) 个 K/V（窗口内）")
        }
        return frame.tr("\(name)'s query reads it: \(read.blocks) blocks / \(read.kv) K/V in \(tag) (every token)",
                        "\(name) 的查询读它：\(tag)组读 \(read.blocks) 块 / \(read.kv) 个 K/V（全部 token）")
    }

    /// The file (under Sources/) a learner reads to see how a block manager does all this: the plain manager,
    /// in vLLM's and nano-vllm's names (the fast one is checked against it).
    static let referenceManagerPath = "KVCore/Paging/Reference/ReferenceBlockManager.swift"
    /// The same for a hybrid model's KV-cache groups.
    static let hybridManagerPath = "KVCore/Paging/Hybrid/HybridKVCacheManager.swift"

    static func tokenList(_ frame: Frame, _ block: BlockView) -> String {
        let tokens = frame.snapshot.tokens(of: block.id)
        guard !tokens.isEmpty else { return "–" }
        if let owner = block.owners.first, let request = frame.snapshot.request(owner.request), !request.tokenTexts.isEmpty {
            let start = owner.logicalIndex * frame.snapshot.blockSize
            let texts = request.tokenTexts.dropFirst(start).prefix(tokens.count)
            return texts.map { "\"\(Sequences.display($0))\"" }.joined(separator: " ")
        }
        return tokens.map(String.init).joined(separator: " ")
    }

    /// Where the block waits in the free queue, and what that means: the head is the next block
    /// an allocation takes, and taking a cached block evicts its prefix-cache entry.
    static func queuePosition(_ frame: Frame, _ block: BlockView) -> [String] {
        guard let position = frame.snapshot.freeQueuePosition(of: block.id) else { return ["–"] }
        let ahead = position == 0
            ? frame.tr("at the head: the next allocation takes it", "在队首：下一次分配就取它")
            : frame.tr("#\(position + 1) from the head: taken after \(position) more allocations",
                       "距队首第 \(position + 1) 位：再分配 \(position) 块后被取走")
        guard block.hash != nil else { return [ahead] }
        let cached = position == 0
            ? frame.tr("and evicts its prefix-cache entry", "其前缀缓存条目随之逐出")
            : frame.tr("its cache entry is evicted then, unless a hit revives it",
                       "届时其缓存条目被逐出，除非先被命中复用")
        return [ahead, cached]
    }
}
