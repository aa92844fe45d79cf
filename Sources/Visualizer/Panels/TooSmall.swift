import TerminalCanvas

/// Below 80x24 the only thing drawn: what is needed and what there is, centred and clipped.
enum TooSmall {
    static func draw(size: Size, on canvas: inout Canvas) {
        guard size.width > 0, size.height > 0 else { return }
        let need = Layout.minimumSize
        let message = "terminal too small: need \(need.width)x\(need.height), have \(size.width)x\(size.height)"
        let lines = TextLayout.wrap(message, width: size.width) + ["q quits"]
        let top = max(0, (size.height - lines.count) / 2)
        for (row, line) in lines.enumerated() where top + row < size.height {
            canvas.put(line, in: Rect(x: 0, y: top + row, width: size.width, height: 1), alignment: .center)
        }
    }
}
