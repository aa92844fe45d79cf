import TerminalCanvas

/// What a newcomer sees first: the orientation, which names every panel where it is on the real
/// screen (the tour's first screen, once per run), and the chapter card, which opens each
/// chapter with its title and `summary:`. Both close on the first key (see `closeOverlays`).
enum GuideOverlays {
    /// One tag per panel on screen: where it goes and what it says.
    struct Tag {
        let rect: Rect
        let en: String
        let zh: String
        /// True for a boxed panel: the tag sits on its first inside row.
        let boxed: Bool
    }

    static func tags(_ layout: Layout) -> [Tag] {
        let all = [
            Tag(rect: layout.title, en: "chapter · step · play state · chapter N of the tour",
                zh: "章节 · 步数 · 播放状态 · 导览第 N 章", boxed: false),
            Tag(rect: layout.memory, en: "GPU memory: weights, KV cache used and free",
                zh: "GPU 显存：权重、已用与空闲的 KV 缓存", boxed: false),
            Tag(rect: layout.grid, en: "Block grid: every KV block, its owner and fill",
                zh: "块网格：每个 KV 块、它的所有者与填充", boxed: true),
            Tag(rect: layout.tables, en: "Block tables: each request's blocks in order",
                zh: "块表：每个请求按顺序用到的块", boxed: true),
            Tag(rect: layout.sequences, en: "Sequences: each request's prompt and output",
                zh: "序列：每个请求的提示与输出", boxed: true),
            Tag(rect: layout.contiguous, en: "Contiguous: the same requests, reserved up front",
                zh: "连续分配：同样的请求，预先预留", boxed: true),
            Tag(rect: layout.shares, en: "Shares: used and wasted memory, both ways",
                zh: "占比：两种方式下已用与浪费的内存", boxed: true),
            Tag(rect: layout.changes, en: "this step's events in words", zh: "本步发生了什么", boxed: false),
            Tag(rect: layout.narration, en: "Narration: what to look at now", zh: "解说：此刻该看什么", boxed: true),
            Tag(rect: layout.counter, en: "K/V computed with the cache vs without", zh: "K/V 计算量：有缓存对无缓存",
                boxed: false),
            Tag(rect: layout.keys, en: "keys", zh: "按键", boxed: false),
        ]
        return all.filter { !$0.rect.isEmpty }
    }

    /// The orientation: a tag on every panel, and a welcome box in the middle of the main area.
    static func drawOrientation(_ frame: Frame, on canvas: inout Canvas) {
        let layout = frame.layout
        let tagStyle = frame.theme.accent.reversed()
        for tag in tags(layout) {
            let row = tag.boxed && tag.rect.height > 2 ? tag.rect.y + 1 : tag.rect.y
            let x = tag.boxed ? tag.rect.x + 1 : tag.rect.x
            let width = max(0, tag.rect.maxX - x - (tag.boxed ? 1 : 0))
            let text = TextLayout.truncate(" ▸ " + frame.tr(tag.en, tag.zh) + " ", width: width)
            // The tag takes its row whole, so no half-covered text shows around it.
            let line = Rect(x: x, y: row, width: width, height: 1)
            canvas.fill(line)
            canvas.put(text, in: line, style: tagStyle)
        }
        let lines = [
            frame.tr("Welcome to kvviz: what an LLM server does with its KV-cache memory, in \(frame.state.chapters.count) short chapters.",
                     "欢迎使用 kvviz：LLM 服务器如何使用 KV 缓存显存，共 \(frame.state.chapters.count) 个短章节。"),
            frame.tr("The highlighted tags name each part of the screen.", "高亮的标签说明屏幕上每个部分。"),
            frame.tr("→ step · Space play · j next narrated moment · ? all keys · L 中文",
                     "→ 单步 · 空格 播放 · j 下一个解说 · ? 全部按键 · L English"),
            frame.tr("Press any key to begin.", "按任意键开始。"),
        ]
        drawCard(frame, title: frame.tr("First time here?", "第一次来？"), lines: lines, below: 2, on: &canvas)
    }

    /// The chapter card: its place in the tour, title and summary, and how to go on.
    static func drawChapterCard(_ frame: Frame, on canvas: inout Canvas) {
        let state = frame.state
        let place = state.tourLength > 1 ? " \(state.chapterIndex + 1)/\(state.tourLength)" : ""
        let lines = [
            state.chapter.title.text(frame.language),
            "",
            state.chapter.summary.text(frame.language),
            "",
            frame.tr("→ step · Space play · j next narrated moment · Esc close",
                     "→ 单步 · 空格 播放 · j 下一个解说 · Esc 关闭"),
        ]
        // "第 3/8 章" in the tour; a walkthrough played alone is "章节" (not an empty "第 章").
        let title = place.isEmpty ? frame.tr("Chapter", "章节") : frame.tr("Chapter" + place, "第" + place + " 章")
        drawCard(frame, title: title, lines: lines, below: 1, on: &canvas)
    }

    /// A box centred across the main area, `below` rows under its top, the lines wrapped inside.
    private static func drawCard(_ frame: Frame, title: String, lines: [String], below: Int,
                                 on canvas: inout Canvas) {
        let area = frame.layout.main
        let width = min(area.width - 4, 76)
        guard width > 10 else { return }
        var wrapped: [(String, Bool)] = []
        for (index, line) in lines.enumerated() {
            let parts = line.isEmpty ? [""] : TextLayout.wrap(line, width: width - 4)
            wrapped += parts.map { ($0, index == 0) }
        }
        let height = min(area.height - below, wrapped.count + 2)
        guard height > 2 else { return }
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + below, width: width, height: height)
        canvas.fill(rect)
        let inner = canvas.box(rect, title: frame.theme.boxTitle(title, focused: true),
                               style: frame.theme.box(focused: true), titleStyle: frame.theme.accent)
        for (row, (line, first)) in wrapped.prefix(inner.height).enumerated() {
            canvas.put(line, in: Rect(x: inner.x + 1, y: inner.y + row, width: inner.width - 2, height: 1),
                       style: first ? frame.theme.heading : .plain)
        }
    }
}
