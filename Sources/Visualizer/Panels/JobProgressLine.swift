import TerminalCanvas

/// The line a long job (a replay, a seek) shows on the bottom row of the screen it left, with
/// how far it has got and that Esc cancels it.
public enum JobProgressLine {
    public static func draw(_ progress: JobProgress, language: Language, on canvas: inout Canvas) {
        let size = canvas.size
        guard size.width > 0, size.height > 0 else { return }
        let row = Rect(x: 0, y: size.height - 1, width: size.width, height: 1)
        let style = Style.plain.reversed().bolded()
        canvas.fill(row, style: style)
        canvas.put(" " + progress.text(in: language), in: row, style: style)
    }
}
