import KVCore
import TerminalCanvas

/// Row 0: the chapter's title, `step N` (the tmux tests read it), play state and speed, the
/// model on its GPU, prefix caching and the chapter's place in the tour.
enum TitleBar {
    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let state = frame.state
        let style = frame.theme.titleBar
        canvas.fill(rect, style: style)
        let speed = state.speed == state.speed.rounded() ? "\(Int(state.speed))" : "\(state.speed)"
        let play = state.isPlaying ? frame.tr("▶ playing \(speed)/s", "▶ 播放 \(speed)/s")
                                   : frame.tr("❚❚ paused \(speed)/s", "❚❚ 暂停 \(speed)/s")
        let step = frame.tr("step \(frame.snapshot.step)", "第 \(frame.snapshot.step) 步 · step \(frame.snapshot.step)")
        var left = " kvviz │ \(state.chapter.title.text(frame.language)) │ \(step)"
        if frame.snapshot.isComplete {
            // With `run_until: both` the run goes on after the paged server is done.
            let baselineRuns = frame.snapshot.contiguous?.isFinished == false && state.engine.config.runUntil == .both
            left += baselineRuns ? frame.tr(" (paged done)", "（分页完成）") : frame.tr(" (done)", "（完成）")
        }
        var right: [String] = state.isRecording ? [] : [play]
        if let memory = frame.snapshot.memory {
            right.append(frame.tr("\(memory.modelName) on \(memory.gpuName)", "\(memory.modelName) @ \(memory.gpuName)"))
        }
        right.append(frame.snapshot.prefixCaching ? frame.tr("prefix cache on", "前缀缓存 开")
                                                  : frame.tr("prefix cache off", "前缀缓存 关"))
        if state.chapters.count > 1 {
            right.append("\(state.chapterIndex + 1)/\(state.chapters.count)")
        }
        // Drop right-hand items (least important last) until the left part keeps its step.
        while !right.isEmpty {
            let text = right.joined(separator: " │ ") + " "
            if DisplayWidth.of(left) + 2 + DisplayWidth.of(text) <= rect.width { break }
            right.removeLast()
        }
        let rightText = right.isEmpty ? "" : right.joined(separator: " │ ") + " "
        let rightWidth = DisplayWidth.of(rightText)
        let leftArea = Rect(x: rect.x, y: rect.y, width: max(0, rect.width - rightWidth - 1), height: 1)
        canvas.put(left, in: leftArea, style: style.bolded())
        canvas.put(rightText, in: Rect(x: rect.maxX - rightWidth, y: rect.y, width: rightWidth, height: 1), style: style)
    }
}
