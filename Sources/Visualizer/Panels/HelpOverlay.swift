import TerminalCanvas

/// `?`: every key and what it does, centred over the screen.
enum HelpOverlay {
    static let entries: [(String, String, String)] = [
        ("Space", "play / pause", "播放 / 暂停"),
        ("→  n", "step forward (at the end: next chapter)", "前进一步（结尾时：下一章）"),
        ("←  b", "step back", "后退一步"),
        ("+  -", "faster / slower", "加速 / 减速"),
        ("Home End", "first / last step", "第一步 / 最后一步"),
        ("Tab", "next panel", "下一个面板"),
        ("arrows", "move the grid cursor (grid focused)", "移动块网格光标（网格聚焦时）"),
        ("Enter", "inspect the block under the cursor", "检查光标处的块"),
        ("click", "inspect a block", "检查一个块"),
        ("v", "view: paged, contiguous, compare", "视图：分页、连续、对比"),
        ("p", "prefix caching on / off", "前缀缓存 开 / 关"),
        ("r", "restart the chapter", "重新开始本章"),
        ("] [", "next / previous chapter (PgDn PgUp)", "下一章 / 上一章（PgDn PgUp）"),
        ("L", "English / 中文", "English / 中文"),
        ("?", "this help", "本帮助"),
        ("Esc", "close help or inspector", "关闭帮助或检查器"),
        ("q", "quit", "退出 (quit)"),
    ]

    static func draw(_ frame: Frame, in area: Rect, on canvas: inout Canvas) {
        let keyWidth = 10
        let texts = entries.map { frame.tr($0.1, $0.2) }
        let width = min(area.width - 2, keyWidth + (texts.map { DisplayWidth.of($0) }.max() ?? 0) + 4)
        let height = min(area.height, entries.count + 2)
        guard width > 4, height > 2 else { return }
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2,
                        width: width, height: height)
        canvas.fill(rect)
        let inner = canvas.box(rect, title: frame.theme.boxTitle(frame.tr("Keys", "按键"), focused: true),
                               style: frame.theme.box(focused: true), titleStyle: frame.theme.accent)
        let content = inner.inset(left: 1, right: 1)
        for (row, (entry, text)) in zip(entries, texts).enumerated() where row < content.height {
            let y = content.y + row
            canvas.put(entry.0, at: Point(x: content.x, y: y), style: frame.theme.accent, clip: content)
            canvas.put(text, in: Rect(x: content.x + keyWidth, y: y, width: max(0, content.width - keyWidth), height: 1))
        }
    }
}
