import TerminalCanvas

/// The narration box: the scenario's words for this step, or the automatic description.
enum NarrationPanel {
    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let scripted = frame.state.narration
        let title = scripted == nil ? frame.tr("What happened", "发生了什么") : frame.tr("Narration", "解说")
        let inner = frame.panel(rect, title: title, on: &canvas)
        let text = scripted?.text.text(frame.language) ?? StepDescription.text(frame)
        var lines = TextLayout.wrap(text, width: inner.width)
        if lines.count > inner.height, inner.height > 0 {
            lines = Array(lines.prefix(inner.height))
            lines[lines.count - 1] = TextLayout.truncate(lines[lines.count - 1] + " …", width: inner.width)
        }
        for (row, line) in lines.enumerated() {
            canvas.put(line, at: Point(x: inner.x, y: inner.y + row), style: .plain, clip: inner)
        }
    }
}
