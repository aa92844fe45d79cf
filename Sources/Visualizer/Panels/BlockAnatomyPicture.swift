import Engine
import KVCore
import TerminalCanvas

/// One block drawn as its tensors (the snapshot's `BlockAnatomy`): a K plane and a V plane of
/// layers x KV heads, each cell one head's page of `slots` x `head_dim` elements; the query heads
/// that read each KV head; and the factors with the bytes they add up to, ending at the block's
/// bytes in the memory model (the anatomy is only there when the two agree). A tall area gets
/// the planes and every factor on its own row, a short one two lines of factors.
enum BlockAnatomyPicture {
    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty, let memory = frame.snapshot.memory else { return }
        let title = frame.tr("Inside one block: \(ByteCount.binary(memory.blockBytes))",
                             "一个块里有什么：\(ByteCount.binary(memory.blockBytes))")
        let inner = frame.panel(rect, title: title, on: &canvas).inset(left: 1, right: 1)
        guard let anatomy = memory.anatomy else {
            canvas.put(frame.tr("this model's block holds a latent, not per-head K and V",
                                "此模型的块存的是潜向量，不是逐头的 K 和 V"),
                       at: inner.origin, style: frame.theme.dim, clip: inner)
            return
        }
        for (row, line) in lines(frame, anatomy, blockBytes: memory.blockBytes, height: inner.height, width: inner.width)
            .prefix(inner.height).enumerated() {
            canvas.put(line, at: Point(x: inner.x, y: inner.y + row), clip: inner)
        }
    }

    /// The picture's lines for an area of `height` rows and `width` columns.
    static func lines(_ frame: Frame, _ anatomy: BlockAnatomy, blockBytes: Int, height: Int, width: Int) -> [[Span]] {
        let planes = height >= 12 ? planeLines(frame, anatomy, width: width) : []
        let factors = height >= 12 ? factorTable(frame, anatomy, blockBytes: blockBytes)
            : factorProduct(frame, anatomy, blockBytes: blockBytes)
        let mini = height >= 12 || height < factors.count + 2 ? [] : [miniPlanes(frame, anatomy)]
        return planes + mini + [queryHeads(frame, anatomy, width: width)] + factors
    }

    // MARK: Planes

    /// Head columns drawn: all of them when few, else the first three, `…` and the last.
    static func shownIndices(_ count: Int, most: Int) -> [Int?] {
        guard count > most else { return (0..<count).map { $0 } }
        return [0, 1, 2, nil, count - 1]
    }

    /// K and V side by side: a header of KV heads, a row of pages per layer (the first two,
    /// `…` and the count when there are more), and what one page is.
    static func planeLines(_ frame: Frame, _ anatomy: BlockAnatomy, width: Int) -> [[Span]] {
        let theme = frame.theme
        let heads = shownIndices(anatomy.kvHeads, most: 4)
        let cellWidth = String(anatomy.kvHeads - 1).count + 2
        func headRow(_ plane: String) -> [Span] {
            var spans = [Span(TextLayout.pad(plane, to: 4), theme.heading)]
            for head in heads {
                spans.append(Span(TextLayout.pad(head.map { "h\($0)" } ?? "…", to: cellWidth), theme.dim))
            }
            return spans
        }
        func layerRow(_ layer: Int?) -> [Span] {
            guard let layer else {
                return [Span(TextLayout.pad("…", to: 4), theme.dim),
                        Span(frame.tr("×\(anatomy.layers) layers", "×\(anatomy.layers) 层"), theme.dim)]
            }
            var spans = [Span(TextLayout.pad("L\(layer)", to: 4), theme.dim)]
            for head in heads {
                spans.append(Span(TextLayout.pad(head == nil ? "…" : "▪", to: cellWidth),
                                  head == nil ? theme.dim : theme.accent))
            }
            return spans
        }
        let layers: [Int?] = anatomy.layers > 3 ? [0, 1, nil] : (0..<anatomy.layers).map { $0 }
        let planeWidth = 4 + heads.count * cellWidth + 2
        var rows = [zip2(headRow("K"), headRow("V"), gap: planeWidth, width: width)]
        for layer in layers { rows.append(zip2(layerRow(layer), layerRow(layer), gap: planeWidth, width: width)) }
        let page = anatomy.slots * anatomy.headDim * anatomy.elementBytes
        rows.append([Span("▪", theme.accent),
                     Span(frame.tr(" = one KV head's page: \(anatomy.slots) slots × \(anatomy.headDim) × \(anatomy.elementBytes) B = \(ByteCount.binary(page))",
                                   " = 一个 KV 头的页：\(anatomy.slots) 槽 × \(anatomy.headDim) × \(anatomy.elementBytes) B = \(ByteCount.binary(page))"),
                          theme.dim)])
        return rows
    }

    /// Two planes side by side when both fit, else the K plane alone (V is its twin).
    private static func zip2(_ left: [Span], _ right: [Span], gap: Int, width: Int) -> [Span] {
        let leftWidth = left.reduce(0) { $0 + $1.width }
        guard gap + right.reduce(0, { $0 + $1.width }) <= width else { return left }
        return left + [Span(String(repeating: " ", count: max(1, gap - leftWidth)))] + right
    }

    /// One line: `K ▪▪▪…▪ ×32 layers  V ▪▪▪…▪`.
    static func miniPlanes(_ frame: Frame, _ anatomy: BlockAnatomy) -> [Span] {
        let theme = frame.theme
        let pages = shownIndices(anatomy.kvHeads, most: 4).map { $0 == nil ? "…" : "▪" }.joined()
        return [Span("K ", theme.heading), Span(pages, theme.accent),
                Span(frame.tr(" ×\(anatomy.layers) layers  ", " ×\(anatomy.layers) 层  "), theme.dim),
                Span("V ", theme.heading), Span(pages, theme.accent)]
    }

    // MARK: Query heads

    /// Which query heads read each KV head: `h0←Q0 Q1 · h1←Q2 Q3` (GQA), or one each (MHA).
    static func queryHeads(_ frame: Frame, _ anatomy: BlockAnatomy, width: Int) -> [Span] {
        let theme = frame.theme
        let share = anatomy.queryHeadsPerKVHead
        guard share > 0 else {
            return [Span(frame.tr("\(anatomy.queryHeads) query heads over \(anatomy.kvHeads) KV heads",
                                  "\(anatomy.queryHeads) 个查询头共用 \(anatomy.kvHeads) 个 KV 头"), theme.dim)]
        }
        let kind = share == 1 ? frame.tr("MHA: 1 query head per KV head", "MHA：每个 KV 头 1 个查询头")
            : frame.tr("GQA: \(share) query heads per KV head", "GQA：每个 KV 头 \(share) 个查询头")
        var spans = [Span(kind, theme.heading)]
        var parts: [String] = []
        for head in shownIndices(anatomy.kvHeads, most: 4) {
            guard let head else { parts.append("…"); continue }
            let first = head * share
            let readers = share == 1 ? "Q\(first)" : (share == 2 ? "Q\(first) Q\(first + 1)" : "Q\(first)–Q\(first + share - 1)")
            parts.append("h\(head)←\(readers)")
        }
        let detail = ": " + parts.joined(separator: " · ")
        if spans[0].width + DisplayWidth.of(detail) <= width { spans.append(Span(detail, theme.dim)) }
        return spans
    }

    // MARK: Factors

    /// Every factor on its row with the bytes so far: element, head_dim, slots, KV heads,
    /// layers, K and V, the last equal to the block's bytes.
    static func factorTable(_ frame: Frame, _ anatomy: BlockAnatomy, blockBytes: Int) -> [[Span]] {
        let theme = frame.theme
        let e = anatomy.elementBytes
        let vector = e * anatomy.headDim
        let page = vector * anatomy.slots
        let layer = page * anatomy.kvHeads
        let plane = layer * anatomy.layers
        let rows: [(String, String, Int, String)] = [
            (frame.tr("element", "元素"), "", e, frame.tr("one number", "一个数")),
            ("× head_dim", "\(anatomy.headDim)", vector, frame.tr("one K (or V) vector", "一个 K（或 V）向量")),
            (frame.tr("× slots", "× 槽"), "\(anatomy.slots)", page, frame.tr("one head's page", "一个头的页")),
            (frame.tr("× KV heads", "× KV 头"), "\(anatomy.kvHeads)", layer, frame.tr("one layer", "一层")),
            (frame.tr("× layers", "× 层"), "\(anatomy.layers)", plane, frame.tr("the K plane", "K 平面")),
            (frame.tr("× K and V", "× K 和 V"), "2", plane * 2, frame.tr("the block", "整个块")),
        ]
        var lines: [[Span]] = []
        for (name, factor, bytes, meaning) in rows {
            lines.append([Span(TextLayout.pad(name, to: 12), theme.dim),
                          Span(TextLayout.rightAlign(factor, width: 5), theme.heading),
                          Span(TextLayout.rightAlign(ByteCount.binary(bytes), width: 10)),
                          Span("  " + meaning, theme.dim)])
        }
        lines[lines.count - 1] += blockCheck(frame, product: plane * 2, blockBytes: blockBytes)
        return lines
    }

    /// Two lines: the factor names over their values, then the product and the block's bytes.
    static func factorProduct(_ frame: Frame, _ anatomy: BlockAnatomy, blockBytes: Int) -> [[Span]] {
        let theme = frame.theme
        let names = [frame.tr("K/V", "K/V"), frame.tr("layers", "层"), frame.tr("kv_heads", "KV头"),
                     "head_dim", frame.tr("slots", "槽"), "B"]
        let values = [2, anatomy.layers, anatomy.kvHeads, anatomy.headDim, anatomy.slots, anatomy.elementBytes].map(String.init)
        var top = ""
        var bottom = ""
        for (index, (name, value)) in zip(names, values).enumerated() {
            let width = max(DisplayWidth.of(name), value.count)
            let separator = index == 0 ? "" : "×"
            top += separator + TextLayout.pad(name, to: width)
            bottom += separator + TextLayout.pad(value, to: width)
        }
        let product = (anatomy.bytes ?? 0)
        return [[Span(top, theme.dim)], [Span(bottom, theme.heading)],
                [Span("= \(ByteCount.grouped(product)) B")]
                    + blockCheck(frame, product: product, blockBytes: blockBytes)]
    }

    private static func blockCheck(_ frame: Frame, product: Int, blockBytes: Int) -> [Span] {
        product == blockBytes
            ? [Span(frame.tr(" = block bytes ✓", " = 块字节数 ✓"), frame.theme.accent)]
            : [Span(frame.tr(" ✗ block bytes \(blockBytes)", " ✗ 块字节数 \(blockBytes)"), frame.theme.warning)]
    }
}
