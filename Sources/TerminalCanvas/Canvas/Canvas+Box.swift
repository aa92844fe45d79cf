extension Canvas {
    /// Draws the outline of `rect` in light box-drawing characters (─│┌┐└┘), with an optional
    /// title on the top edge starting one cell in from the corner.
    ///
    /// The title is truncated by display width (with "…") so it never touches the right corner;
    /// pass it with surrounding spaces (" Blocks ") for the usual look. A rectangle one cell tall
    /// or wide degrades to a line; an empty one draws nothing. Returns the inside of the box,
    /// the area a panel's content goes into.
    @discardableResult
    public mutating func box(
        _ rect: Rect, title: String? = nil, style: Style = .plain, titleStyle: Style? = nil
    ) -> Rect {
        guard !rect.isEmpty else { return .zero }
        if rect.height == 1 {
            hline(at: rect.origin, length: rect.width, style: style)
            return Rect(x: rect.x, y: rect.y, width: 0, height: 0)
        }
        if rect.width == 1 {
            vline(at: rect.origin, length: rect.height, style: style)
            return Rect(x: rect.x, y: rect.y, width: 0, height: 0)
        }
        let right = rect.maxX - 1
        let bottom = rect.maxY - 1
        hline(at: Point(x: rect.x &+ 1, y: rect.y), length: rect.width - 2, style: style)
        hline(at: Point(x: rect.x &+ 1, y: bottom), length: rect.width - 2, style: style)
        vline(at: Point(x: rect.x, y: rect.y &+ 1), length: rect.height - 2, style: style)
        vline(at: Point(x: right, y: rect.y &+ 1), length: rect.height - 2, style: style)
        self[rect.x, rect.y] = Cell("┌", style: style)
        self[right, rect.y] = Cell("┐", style: style)
        self[rect.x, bottom] = Cell("└", style: style)
        self[right, bottom] = Cell("┘", style: style)
        if let title, rect.width > 2 {
            let titleArea = Rect(x: rect.x &+ 1, y: rect.y, width: rect.width - 2, height: 1)
            put(title, in: titleArea, style: titleStyle ?? style)
        }
        return rect.inset(by: 1)
    }
}
