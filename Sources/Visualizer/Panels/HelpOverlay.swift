import TerminalCanvas

/// `?`: every key, every glyph of the block view and how to read the counters, centred over the
/// screen in as many columns as the width allows (two at 80 columns).
enum HelpOverlay {
    /// One line of the help: a key or glyph, and what it means in English and Chinese.
    struct Entry {
        let key: String
        let en: String
        let zh: String
        /// True for a section heading (drawn bold, no key).
        var isHeading = false
    }

    static func keys() -> [Entry] {
        [
            Entry(key: "", en: "Keys", zh: "按键", isHeading: true),
            Entry(key: "Space", en: "play / pause (end: next)", zh: "播放 / 暂停（结尾：下一章）"),
            Entry(key: "→n ←b", en: "step / back (end: next)", zh: "前进 / 后退（结尾：下一章）"),
            Entry(key: "j", en: "next narrated moment", zh: "下一个解说时刻"),
            Entry(key: "+ -", en: "faster / slower", zh: "加速 / 减速"),
            Entry(key: "Home End", en: "first / last step", zh: "第一步 / 最后一步"),
            Entry(key: "Tab", en: "focus a panel (then none)", zh: "聚焦面板（最后取消）"),
            Entry(key: "↑↓", en: "cursor / focus a request", zh: "网格：光标；块表：请求"),
            Entry(key: "Enter", en: "inspect block at cursor", zh: "检查光标处的块"),
            Entry(key: "click", en: "block: inspect; row: focus", zh: "块：检查；行：聚焦"),
            Entry(key: "f", en: "focus mode (projector)", zh: "聚焦模式（投影）"),
            Entry(key: "m a", en: "mapping / attention sweep", zh: "块映射 / 注意力扫读"),
            Entry(key: "v", en: "view: paged/contig./compare", zh: "视图：分页、连续、对比"),
            Entry(key: "c", en: "contiguous: max/pow2/oracle", zh: "连续基线：max/pow2/oracle"),
            Entry(key: "p", en: "prefix caching on / off", zh: "前缀缓存 开 / 关"),
            Entry(key: "k K", en: "block size +/-: hit rate", zh: "块大小 增 / 减：命中率"),
            Entry(key: "r", en: "restart the chapter", zh: "重新开始本章"),
            Entry(key: "] [", en: "next / previous chapter", zh: "下一章 / 上一章"),
            Entry(key: "L", en: "English / 中文", zh: "English / 中文"),
            Entry(key: "Esc", en: "close help, inspector, focus", zh: "关闭帮助、检查器、聚焦"),
            Entry(key: "? q", en: "this help / quit", zh: "本帮助 / 退出 (quit)"),
        ]
    }

    static func glyphs(_ theme: Theme) -> [Entry] {
        let g = theme.glyphs
        return [
            Entry(key: "", en: "Glyphs", zh: "符号", isHeading: true),
            Entry(key: String(g.stored), en: "stored: K/V in the cache", zh: "已存：K/V 在缓存中"),
            Entry(key: String(g.pending), en: "pending: K/V computed next", zh: "待算：有 token，K/V 下步算"),
            Entry(key: String(g.empty), en: "empty slot, or a free block", zh: "空槽，或空闲块"),
            Entry(key: "A AA A1", en: "owner (A1: sample 1 of A)", zh: "所有者（A1：A 的样本 1）"),
            Entry(key: String(g.cached), en: "free but cached: can be hit", zh: "空闲但已缓存：可命中"),
            Entry(key: "2 ×2", en: "ref count: sharing requests", zh: "引用计数：共享的请求数"),
            Entry(key: "×3\(g.becomes)2", en: "ref count change this step", zh: "本步引用计数变化"),
            Entry(key: "#1\(g.copy) \(g.copy)", en: "copy-on-write from #1", zh: "从 #1 写时复制"),
            Entry(key: String(g.changed), en: "block changed this step", zh: "本步变化的块"),
            Entry(key: "A:2", en: "focused request, logical 2", zh: "聚焦请求的逻辑块 2"),
            Entry(key: "▁▅█", en: "fill, or share used", zh: "填充（聚合：使用比例）"),
            Entry(key: "+", en: "a shared block in the group", zh: "聚合格中有共享块"),
            Entry(key: "A▅", en: "underlined: a small owner", zh: "下划线：标出小的所有者"),
            Entry(key: "D@96", en: "also: D in the cell at #96", zh: "另有：D 在 #96 起的格中"),
            Entry(key: "", en: "Counters", zh: "计数", isHeading: true),
            Entry(key: "2+1", en: "table: 2 stored + 1 pending", zh: "块表：已存 2 + 待算 1"),
            Entry(key: "4+6/14", en: "prompt 4 + generated 6 of 14", zh: "提示 4 + 生成 6，上限 14"),
            Entry(key: "7 vs 53", en: "K/V this step: cache vs none", zh: "本步 K/V：有缓存 对 无缓存"),
            Entry(key: "3.3×", en: "K/V saved by the cache", zh: "缓存省下的 K/V 倍数"),
        ]
    }

    static let keyWidth = 9
    /// Every text fits this many columns, so two columns of help fit 80 columns uncut.
    static let textWidth = 28

    static func draw(_ frame: Frame, in area: Rect, on canvas: inout Canvas) {
        let entries = keys() + glyphs(frame.theme)
        let textWidth = entries.map { DisplayWidth.of(frame.tr($0.en, $0.zh)) }.max() ?? 0
        let rowsAvailable = max(1, area.height - 2)
        let columnsNeeded = (entries.count + rowsAvailable - 1) / rowsAvailable
        let columnCount = max(1, min(columnsNeeded, 3))
        let rowsPerColumn = (entries.count + columnCount - 1) / columnCount
        let idealColumn = keyWidth + textWidth + 2
        let width = min(area.width - 2, columnCount * idealColumn + 2)
        let height = min(area.height, rowsPerColumn + 2)
        guard width > 4, height > 2 else { return }
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2,
                        width: width, height: height)
        canvas.fill(rect)
        let inner = canvas.box(rect, title: frame.theme.boxTitle(frame.tr("Help", "帮助"), focused: true),
                               style: frame.theme.box(focused: true), titleStyle: frame.theme.accent)
        let columnWidth = inner.width / columnCount
        for (index, entry) in entries.enumerated() {
            let column = index / rowsPerColumn
            let row = index % rowsPerColumn
            guard row < inner.height else { continue }
            let cell = Rect(x: inner.x + column * columnWidth + 1, y: inner.y + row,
                            width: max(0, columnWidth - 1), height: 1)
            let text = frame.tr(entry.en, entry.zh)
            if entry.isHeading {
                canvas.put(text, at: cell.origin, style: frame.theme.heading.underlined(), clip: cell)
                continue
            }
            canvas.put(entry.key, at: cell.origin, style: frame.theme.accent, clip: cell)
            let body = Rect(x: cell.x + keyWidth, y: cell.y, width: max(0, cell.width - keyWidth), height: 1)
            canvas.put(TextLayout.truncate(text, width: body.width), at: body.origin, style: .plain, clip: body)
        }
    }
}
