import Foundation
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
        // The tour's place (N/12) and prefix caching stay; the model, then the play state go
        // first; then the chapter title is cut at a word, never the step.
        var optional: [String] = state.isRecording ? [] : [play]
        if let memory = frame.snapshot.memory {
            optional.append(frame.tr("\(memory.modelName) on \(memory.gpuName)", "\(memory.modelName) @ \(memory.gpuName)"))
        }
        var kept = [frame.snapshot.prefixCaching ? frame.tr("prefix cache on", "前缀缓存 开")
                                                 : frame.tr("prefix cache off", "前缀缓存 关")]
        if state.tourLength > 1 {
            kept.append("\(state.chapterIndex + 1)/\(state.tourLength)")
        }
        let title = state.chapter.title.text(frame.language)
        let head = " kvviz │ "
        var tail = " │ \(step)"
        if frame.snapshot.isComplete {
            // With `run_until: both` the run goes on after the paged server is done.
            let baselineRuns = frame.snapshot.contiguous?.isFinished == false && state.engine.config.runUntil == .both
            tail += baselineRuns ? frame.tr(" (paged done)", "（分页完成）") : frame.tr(" (done)", "（完成）")
        }
        func rightWidth(_ items: [String]) -> Int { DisplayWidth.of(items.joined(separator: " │ ") + " ") }
        var right = optional + kept
        while !optional.isEmpty, DisplayWidth.of(head + title + tail) + 2 + rightWidth(right) > rect.width {
            optional.removeLast()
            right = optional + kept
        }
        let room = rect.width - 2 - rightWidth(right) - DisplayWidth.of(head + tail)
        let left = head + shortened(title, to: max(1, room)) + tail
        let rightText = right.isEmpty ? "" : right.joined(separator: " │ ") + " "
        let rightWidth = DisplayWidth.of(rightText)
        let leftArea = Rect(x: rect.x, y: rect.y, width: max(0, rect.width - rightWidth - 1), height: 1)
        canvas.put(left, in: leftArea, style: style.bolded())
        canvas.put(rightText, in: Rect(x: rect.maxX - rightWidth, y: rect.y, width: rightWidth, height: 1), style: style)
    }

    /// `text` in at most `width` columns: whole, or cut after a word with "…" (a title without
    /// spaces, e.g. Chinese, is cut at a character).
    static func shortened(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var best: String?
        var prefix = ""
        for character in text {
            if character == " ", DisplayWidth.of(prefix) + 1 <= width, !prefix.isEmpty {
                best = prefix
            }
            prefix.append(character)
        }
        if let best {
            let trimmed = best.trimmingCharacters(in: CharacterSet(charactersIn: ":,;·-—"))
            if !trimmed.isEmpty, DisplayWidth.of(trimmed) + 1 <= width { return trimmed + "…" }
        }
        return TextLayout.truncate(text, width: width)
    }
}
