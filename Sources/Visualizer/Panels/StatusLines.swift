import KVCore
import TerminalCanvas

/// The two bottom rows: the K/V compute counter (with the cache versus recomputing everything,
/// and the ratio) and the key help.
enum StatusLines {
    static func drawCounter(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let counters = frame.snapshot.counters
        let ratio: String
        if counters.kvComputedTotal > 0 {
            let tenths = (counters.kvWithoutCacheTotal * 10 + counters.kvComputedTotal / 2) / counters.kvComputedTotal
            ratio = "\(tenths / 10).\(tenths % 10)×"
        } else {
            ratio = "–"
        }
        let theme = frame.theme
        // Counts grouped as the narration and the other panels print them ("9,523").
        func n(_ value: Int) -> String { ByteCount.grouped(value) }
        // (spans, priority): when the line is too narrow the highest priority numbers go first,
        // so the with/without-cache comparison is the last thing to be cut.
        var parts: [([Span], Int)] = [
            ([Span(frame.tr(" K/V computed ", " K/V 计算 "), theme.dim), Span(n(counters.kvComputedTotal), theme.heading)], 0),
            ([Span(frame.tr(" · without cache ", " · 无缓存需 "), theme.dim), Span(n(counters.kvWithoutCacheTotal), theme.heading)], 0),
            ([Span(frame.tr(" · saved ", " · 节省 "), theme.dim), Span(ratio, theme.accent)], 2),
        ]
        if let comparison = frame.state.prefixComparison {
            // After `p`: both runs' K/V computed at this step, the run with prefix caching first.
            let here = counters.kvComputedTotal
            let other = comparison.otherKVComputed(at: frame.snapshot.step)
            let (with, without) = comparison.otherCaches ? (other, here) : (here, other)
            parts = [
                ([Span(frame.tr(" K/V computed with prefix caching ", " K/V 计算：有前缀缓存 "), theme.dim),
                  Span(n(with), theme.heading)], 0),
                ([Span(frame.tr(", without ", "，无前缀缓存 "), theme.dim), Span(n(without), theme.heading)], 0),
                ([Span(frame.tr(" · without cache ", " · 无缓存需 "), theme.dim), Span(n(counters.kvWithoutCacheTotal), theme.heading)], 3),
            ]
        }
        if let comparison = frame.state.blockSizeComparison {
            // After `k`/`K`: the prefix-cache hit rate at this block size and at the one before,
            // at this step (full blocks only are hashed: the floor a shared prefix must clear).
            let here = PrefixHitRate(frame.snapshot).text
            let other = comparison.otherRate(at: frame.snapshot.step).text
            parts.insert(([Span(frame.tr(" hit rate ", " 命中率 "), theme.dim), Span(here, theme.heading),
                           Span(frame.tr(" at \(frame.snapshot.blockSize)/block, ", "（每块 \(frame.snapshot.blockSize)），"), theme.dim),
                           Span(other, theme.heading),
                           Span(frame.tr(" at \(comparison.otherBlockSize) │", "（每块 \(comparison.otherBlockSize)）│"), theme.dim)], 0),
                         at: 0)
        }
        // This step's attention: the K/V vectors it read (each once) next to the dot products it
        // took with them, so prefill's many products per vector and decode's one show side by side.
        parts += [
            ([Span(frame.tr(" │ step: read ", " │ 本步：读 "), theme.dim), Span(n(counters.kvWithoutCacheThisStep), theme.heading),
              Span(frame.tr(" K/V, ", " K/V，点积 "), theme.dim), Span(n(counters.kvReadThisStep), theme.heading),
              Span(frame.tr(" dot products", ""), theme.dim)], 1),
            ([Span(frame.tr(" │ computed \(n(counters.kvComputedThisStep)) vs \(n(counters.kvWithoutCacheThisStep))",
                            " │ 计算 \(n(counters.kvComputedThisStep)) 对 \(n(counters.kvWithoutCacheThisStep))"), theme.dim)], 3),
            ([Span(frame.tr(" │ tokens \(n(counters.tokensGenerated))", " │ 生成 \(n(counters.tokensGenerated))"), theme.dim)], 4),
            ([Span(frame.tr(" · hits \(n(counters.prefixHitBlocks))", " · 命中 \(n(counters.prefixHitBlocks))"), theme.dim)], 5),
            ([Span(frame.tr(" · preempted \(n(counters.preemptions))", " · 抢占 \(n(counters.preemptions))"), theme.dim)], 5),
        ]
        canvas.put(fitted(parts, width: rect.width), at: rect.origin, clip: rect)
    }

    /// The parts that fit in `width`, dropping the least important (highest priority number)
    /// first and keeping the rest in order.
    static func fitted(_ parts: [([Span], Int)], width: Int) -> [Span] {
        var kept = parts
        func total(_ list: [([Span], Int)]) -> Int { list.reduce(0) { $0 + $1.0.reduce(0) { $0 + $1.width } } }
        while total(kept) > width, let worst = kept.map(\.1).max(), worst > 0,
              let index = kept.lastIndex(where: { $0.1 == worst }) {
            kept.remove(at: index)
        }
        return kept.flatMap(\.0)
    }

    static func drawKeys(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        if frame.state.isRecording {
            canvas.put([Span(" kvviz", frame.theme.accent),
                        Span(frame.tr(" · to explore this walkthrough yourself: kvviz demo --list",
                                      " · 亲自操作这个演示：kvviz demo --list"), frame.theme.dim)],
                       at: rect.origin, clip: rect)
            return
        }
        // With the grid focused the arrows move its cursor, so the line says so and offers n/b
        // for stepping; with the tables or the sequences focused Up and Down are theirs; with no
        // panel focused the arrows step.
        let stepping: [(String, String, String)]
        switch frame.state.focus {
        case .grid? where !frame.layout.grid.isEmpty:
            stepping = [("←↑↓→", "cursor", "光标"), ("n/b", "step/back", "前进/后退"), ("Esc", "unfocus", "取消聚焦")]
        case .tables?:
            stepping = [("↑↓", "request", "请求"), ("→/n", "step", "单步"), ("Esc", "unfocus", "取消聚焦")]
        case .sequences?:
            stepping = [("↑↓", "scroll", "滚动"), ("→/n", "step", "单步"), ("Esc", "unfocus", "取消聚焦")]
        default:
            stepping = [("→/n", "step", "单步"), ("←/b", "back", "后退")]
        }
        let pairs: [(String, String, String)] = [("Space", "play", "播放")] + stepping + [
            ("j", "next moment", "下一解说"), ("+/-", "speed", "速度"),
            ("Tab", "panel", "面板"), ("Enter", "inspect", "检查"), ("v", "view", "视图"), ("p", "prefix", "前缀"),
            ("r", "restart", "重来"), ("]/[", "chapter", "章节"), ("L", "中文", "English"), ("?", "help", "帮助"),
            ("q", "quit", "退出"),
        ]
        func line(gap: String) -> [Span] {
            var spans: [Span] = [Span(" ")]
            for (key, en, zh) in pairs {
                spans.append(Span(key, frame.theme.accent))
                spans.append(Span(" " + frame.tr(en, zh) + gap, frame.theme.dim))
            }
            return spans
        }
        var spans = line(gap: "  ")
        if spans.reduce(0, { $0 + $1.width }) > rect.width { spans = line(gap: " ") }
        canvas.put(spans, at: rect.origin, clip: rect)
        // Keep "q quit" visible even when the line is cut: it is the one key everyone needs.
        let quit = [Span("? ", frame.theme.accent), Span(frame.tr("help ", "帮助 "), frame.theme.dim),
                    Span("q", frame.theme.accent), Span(frame.tr(" quit ", " 退出 "), frame.theme.dim)]
        let total = spans.reduce(0) { $0 + $1.width }
        if total > rect.width {
            let width = quit.reduce(0) { $0 + $1.width }
            let start = rect.maxX - width
            canvas.fill(Rect(x: start - 2, y: rect.y, width: width + 2, height: 1))
            canvas.put([Span("… ", frame.theme.dim)] + quit, at: Point(x: start - 2, y: rect.y), clip: rect)
        }
    }

    /// At a chapter's end, over the key line: where Space and Right go now.
    static func drawNextChapter(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        let state = frame.state
        guard !rect.isEmpty, state.engine.isComplete, let next = state.nextTitle else { return }
        let place = "\(state.chapterIndex + 2)/\(state.tourLength) "
        let keys = frame.tr(" · Space or →", " · 空格或 →")
        let quit = [Span("? ", frame.theme.accent), Span(frame.tr("help ", "帮助 "), frame.theme.dim),
                    Span("q", frame.theme.accent), Span(frame.tr(" quit ", " 退出 "), frame.theme.dim)]
        let quitWidth = quit.reduce(0) { $0 + $1.width }
        let lead = frame.tr(" → next: ", " → 下一章：")
        let room = rect.width - quitWidth - DisplayWidth.of(lead + place + keys) - 1
        let title = TitleBar.shortened(next.text(frame.language), to: max(1, room))
        canvas.fill(rect)
        canvas.put([Span(lead, frame.theme.accent), Span(place, frame.theme.dim), Span(title, frame.theme.heading),
                    Span(keys, frame.theme.accent)], at: rect.origin, clip: rect)
        canvas.put(quit, at: Point(x: rect.maxX - quitWidth, y: rect.y), clip: rect)
    }
}
