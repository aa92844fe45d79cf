import KVEvents

/// Every label of the live screen in English and Chinese.
struct LiveText {
    let language: Language
    var zh: Bool { language == .zh }
    func t(_ en: String, _ zh: String) -> String { self.zh ? zh : en }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    static func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    func title(_ screen: LiveScreen) -> String {
        let cache = screen.cache
        let last = cache.tracker.last.map { " · seq \($0)" } ?? ""
        // A replay's position comes first, so a narrow screen still shows it.
        // A rendered frame (kvviz render) has no play state to show.
        let position = screen.playback.map { playback in
            t("frame", "帧") + " \(playback.position)/\(playback.count) "
                + (screen.isRecording ? "" : (playback.playing ? "▶" : "❚❚") + " \(speed(playback.speed))x ") + "· "
        } ?? ""
        return " kvviz · " + position + t("vLLM prefix cache", "vLLM 前缀缓存") + " · \(screen.source)\(last) · "
            + t("\(Self.grouped(cache.batches)) batches, \(Self.grouped(cache.events)) events", "\(Self.grouped(cache.batches)) 批, \(Self.grouped(cache.events)) 个事件")
    }

    func speed(_ value: Double) -> String {
        value >= 1 ? String(Int(value)) : "1/" + String(Int((1 / value).rounded()))
    }

    func noMetrics(_ screen: LiveScreen) -> String {
        screen.metricsProblem.map { t("server figures: ", "服务器指标: ") + $0 }
            ?? t("no --metrics: the server's own figures (usage, running, hit rate) are not shown",
                 "未指定 --metrics: 不显示服务器自己的指标(占用、运行中、命中率)")
    }

    /// A replayed recording without `/metrics` frames: what it holds instead.
    var eventsOnly: String {
        t("recorded without --metrics: KV events only, no server figures",
          "录制时未指定 --metrics: 只有 KV 事件, 没有服务器指标")
    }

    /// The key line of a rendered frame, as the chapters' rendered frames have it.
    var recordingKeys: String {
        t(" kvviz · to explore this walkthrough yourself: kvviz demo --list", " kvviz · 亲自操作这个演示：kvviz demo --list")
    }

    /// The server's figures; with a page per rank, the rank shown's and then all ranks' together.
    func serverLine(_ metrics: ServerMetrics, rank: Int? = nil, total: LiveScreen.MetricsTotal? = nil) -> String {
        func n(_ value: Double?) -> String { value.map { Self.grouped(Int($0)) } ?? "?" }
        guard let rank, let total else { return serverFigures(metrics) }
        let sum = total.metrics
        let hit = sum.hitRate.map(Self.percent) ?? "?"
        let pages = total.ranks < total.of ? t(" (\(total.ranks) of \(total.of) pages)", "(\(total.of) 页中 \(total.ranks) 页)") : ""
        return "r\(rank): " + t("running \(n(metrics.running)) · waiting \(n(metrics.waiting)) · preemptions \(n(metrics.preemptions)) · hits \(metrics.hitRate.map(Self.percent) ?? "?")",
                                "运行中 \(n(metrics.running)) · 等待 \(n(metrics.waiting)) · 抢占 \(n(metrics.preemptions)) · 命中 \(metrics.hitRate.map(Self.percent) ?? "?")")
            + t(" │ all ranks\(pages): running \(n(sum.running)) · waiting \(n(sum.waiting)) · preemptions \(n(sum.preemptions)) · hits \(hit)",
                " │ 全部 rank\(pages): 运行中 \(n(sum.running)) · 等待 \(n(sum.waiting)) · 抢占 \(n(sum.preemptions)) · 命中 \(hit)")
    }

    func serverFigures(_ metrics: ServerMetrics) -> String {
        func n(_ value: Double?) -> String { value.map { Self.grouped(Int($0)) } ?? "?" }
        let hit = metrics.hitRate.map(Self.percent) ?? "?"
        return t("server: running \(n(metrics.running)) · waiting \(n(metrics.waiting)) · preemptions \(n(metrics.preemptions)) · prefix hits \(hit) of tokens since start",
                 "服务器: 运行中 \(n(metrics.running)) · 等待 \(n(metrics.waiting)) · 抢占 \(n(metrics.preemptions)) · 前缀命中 \(hit)(按 token, 自启动)")
    }

    var usageLabel: String { t("KV usage", "KV 占用") }

    func usageFigures(_ metrics: ServerMetrics, cache: LiveCache) -> String {
        let usage = metrics.usage.map(Self.percent) ?? "?"
        let pool = metrics.poolBlocks.map(Self.grouped) ?? "?"
        var text = t("\(usage) of \(pool) blocks (vLLM counts blocks)", "\(pool) 块中占 \(usage)(vLLM 按块计)")
        if let blockSize = metrics.blockSize, let blocks = metrics.poolBlocks, blocks > 0 {
            let gpu = cache.state.tiers.filter { $0.key.medium == "GPU" }.reduce(0) { $0 + $1.value.count }
            text += t(" · cached full blocks \(Self.grouped(gpu)) = \(Self.grouped(gpu * blockSize)) tokens of \(Self.grouped(blocks * blockSize))",
                      " · 已缓存满块 \(Self.grouped(gpu)) = \(Self.grouped(gpu * blockSize)) / \(Self.grouped(blocks * blockSize)) token")
        }
        return text
    }

    var tiersLabel: String { t("Tiers:", "层级:") }
    func blocksWord(_ count: Int) -> String { t(count == 1 ? "block" : "blocks", "块") }
    func treesWord(_ count: Int) -> String { t(count == 1 ? "tree" : "trees", "棵树") }
    var noBlocks: String { t("no cached blocks yet", "尚无缓存块") }
    var waiting: String { t("waiting for BlockStored events…", "等待 BlockStored 事件…") }
    var statsTitle: String { t("Events", "事件") }
    var inspectorTitle: String { t("Block", "块") }
    var helpTitle: String { t("Keys", "按键") }
    var nothingSelected: String { t("no block under the cursor", "光标下没有块") }
    var noProblem: String { t("no gaps, no bad frames", "无缺口, 无坏帧") }

    func treesTitle(_ tier: CacheTier?, trees: Int) -> String {
        guard let tier else { return t("Prefix trees", "前缀树") }
        return t("Prefix trees of \(tier) (medium/group): \(trees)", "\(tier)(介质/组)的前缀树: \(trees)")
    }

    func moreTrees(_ count: Int, blocks: Int) -> String {
        t("… \(Self.grouped(count)) more trees (\(Self.grouped(blocks)) blocks)", "… 另有 \(Self.grouped(count)) 棵树(\(Self.grouped(blocks)) 块)")
    }

    func stats(_ cache: LiveCache) -> [(text: String, warn: Bool)] {
        let totals = cache.state.totals
        let tracker = cache.tracker
        var lines: [(String, Bool)] = [
            (t("cached blocks   ", "缓存块          ") + Self.grouped(cache.state.blockCount), false),
            (t("prefix trees    ", "前缀树          ") + Self.grouped(cache.state.treeCount), false),
            (t("stored   this s ", "存入   本秒     ") + "\(Self.grouped(cache.thisSecond.stored))  " + t("last ", "上秒 ") + Self.grouped(cache.lastSecond.stored), false),
            (t("removed  this s ", "移除   本秒     ") + "\(Self.grouped(cache.thisSecond.removed))  " + t("last ", "上秒 ") + Self.grouped(cache.lastSecond.removed), false),
            (t("stored total    ", "累计存入        ") + Self.grouped(totals.stored), false),
            (t("evicted total   ", "累计驱逐        ") + Self.grouped(totals.removed), false),
            (t("unknown removed ", "未知块移除      ") + Self.grouped(totals.unknownRemovals), totals.unknownRemovals > 0),
            (t("cleared         ", "清空            ") + Self.grouped(totals.cleared), false),
            (t("duplicates      ", "重复批          ") + Self.grouped(tracker.duplicates), false),
            (t("missing batches ", "缺失批          ") + Self.grouped(Int(tracker.missing)), tracker.missing > 0),
        ]
        for gap in tracker.recentGaps.suffix(3).reversed() {
            lines.append(("  " + t("gap ", "缺口 ") + "\(gap.lowerBound)…\(gap.upperBound)", true))
        }
        if tracker.restarts > 0 { lines.append((t("publisher restarts ", "发布端重启 ") + "\(tracker.restarts)", true)) }
        if cache.rejected > 0 { lines.append((t("bad frames      ", "坏帧            ") + Self.grouped(cache.rejected), true)) }
        if cache.state.refused > 0 { lines.append((t("refused (cap)   ", "超上限拒收      ") + Self.grouped(cache.state.refused), true)) }
        if let rank = cache.lastRank { lines.append((t("data-parallel rank ", "数据并行 rank ") + "\(rank)", false)) }
        return lines
    }

    func inspection(_ hash: BlockHash, depth: Int, tree: Int, block: PrefixCacheState.Block) -> String {
        let parent = block.parent.map { "0x" + String($0, radix: 16) } ?? t("none (a root)", "无(根)")
        let tokens = block.tokens.isEmpty ? t("(the event carried none)", "(事件未带 token)") : block.tokens.map(String.init).joined(separator: " ")
        return t("hash 0x\(String(hash, radix: 16))\nparent \(parent)\ntree T\(tree + 1), depth \(depth)\ncopies \(block.copies) · stored at seq \(block.storedAt)\ntoken ids: \(tokens)",
                 "哈希 0x\(String(hash, radix: 16))\n父块 \(parent)\n树 T\(tree + 1), 深度 \(depth)\n副本 \(block.copies) · 存入于 seq \(block.storedAt)\ntoken id: \(tokens)")
    }

    /// The connection; with several data-parallel ranks, first each rank's blocks and trees and
    /// the totals (the rank shown in brackets).
    func connectionLine(_ screen: LiveScreen) -> String {
        guard screen.ranks.count > 1 else { return screen.connection }
        let shown = min(screen.rankIndex, screen.ranks.count - 1)
        var parts: [String] = []
        for (index, rank) in screen.ranks.enumerated() {
            let figures = "r\(rank.rank) \(Self.grouped(rank.blocks))/\(Self.grouped(rank.trees))" + (rank.missing > 0 ? t(" gap \(rank.missing)", " 缺 \(rank.missing)") : "")
            parts.append(index == shown ? "[\(figures)]" : figures)
        }
        let blocks = screen.ranks.reduce(0) { $0 + $1.blocks }
        let trees = screen.ranks.reduce(0) { $0 + $1.trees }
        return t("DP ranks (blocks/trees, R next): ", "DP rank(块/树, R 下一个): ") + parts.joined(separator: " · ")
            + t(" · all \(Self.grouped(blocks)) blocks, \(Self.grouped(trees)) trees · ", " · 合计 \(Self.grouped(blocks)) 块, \(Self.grouped(trees)) 棵树 · ") + screen.connection
    }

    func narrationTitle(_ narration: LiveScreen.Narration) -> String {
        (zh ? narration.title.zh : narration.title.en) + " · " + t("cue", "解说") + " \(narration.cue + 1)/\(narration.cues)"
    }

    func recordingLine(frames: Int, seconds: Double) -> String {
        t("recording: \(Self.grouped(frames)) frames over \(Int(seconds)) s", "录像: \(Self.grouped(frames)) 帧, 共 \(Int(seconds)) 秒")
    }

    func keys(replay: Bool, walkthrough: Bool = false) -> String {
        if walkthrough {
            return t(" Space play · → ← step · j next cue · + - speed · PgUp PgDn seek · Home End · ] [ walkthroughs · Enter tokens · L 中文 · q quit",
                     " 空格 播放 · → ← 单步 · j 下一段解说 · + - 速度 · PgUp PgDn 跳转 · Home End · ] [ 上/下一节 · Enter token · L English · q 退出")
        }
        return replay ? t(" Space play · → ← step · + - speed · [ ] seek · Home End · Tab tier · ↑↓ h l move · Enter tokens · L 中文 · ? help · q quit",
                   " 空格 播放 · → ← 单步 · + - 速度 · [ ] 跳转 · Home End · Tab 层级 · ↑↓ h l 移动 · Enter token · L English · ? 帮助 · q 退出")
            : t(" Tab tier · arrows move · Enter tokens of the block · L 中文 · ? help · q quit",
                " Tab 层级 · 方向键 移动 · Enter 块的 token · L English · ? 帮助 · q 退出")
    }

    func help(replay: Bool) -> String {
        t("Each cell is a cached block (a full block vLLM hashed); a row starts a prefix tree: blocks chained by parent_block_hash, the root ▣ first, the blocks of the last batch ◆. …T marks a tree whose parent was removed. Removed blocks are evictions. Gaps are batches that never arrived (the sequence numbers jumped)."
          + (replay ? " Replay: Space plays the recording at its own pace, → ← step one frame, [ ] jump 10%." : ""),
          "每个格子是一个已缓存块(vLLM 已算哈希的满块);每行开头是一棵前缀树:按 parent_block_hash 相连, 先是根 ▣, 上一批存入的块为 ◆。…T 表示父块已被移除的树。移除即驱逐。缺口是没有到达的批(序号跳跃)。"
          + (replay ? " 回放: 空格按录制节奏播放, → ← 单帧, [ ] 跳 10%。" : ""))
    }
}
