import Engine
import KVCore
import TerminalCanvas

/// What every panel needs to draw one frame: the state, the theme and the layout, computed once
/// per frame. Request lookups go through the snapshot's O(1) index, so a frame builds no
/// dictionary.
struct Frame {
    let state: AppState
    let theme: Theme
    let layout: Layout
    /// The focused request or attention read, and this step's copies (see `GridHighlight`).
    let highlight: GridHighlight
    /// The logical -> physical mapping (off unless `m` or a cue shows it), and the grid's cells
    /// with its band taken out.
    let mapping: MappingPlan

    init(state: AppState) {
        self.state = state
        theme = Theme(appearance: state.appearance, glyphs: state.focusMode ? .focus : .standard)
        layout = state.layout
        highlight = state.viewMode == .contiguous ? .none
            : GridHighlight(state.snapshot, focused: state.pictureFocus)
        mapping = MappingPlan(layout: layout, snapshot: state.snapshot, shows: state.showsMapping,
                              primary: highlight.request ?? state.pictureFocus,
                              focusMode: state.focusMode)
    }

    var gridGeometry: GridGeometry { mapping.geometry }

    var snapshot: Snapshot { state.snapshot }
    var language: Language { state.language }

    func tr(_ en: String, _ zh: String) -> String { language == .en ? en : zh }

    func label(_ id: RequestID) -> String { snapshot.label(of: id) ?? "?" }

    func ownerStyle(_ id: RequestID) -> Style {
        theme.owner(snapshot.colorIndex(of: id) ?? 0)
    }

    /// A boxed panel with its focus shown by the title brackets and the border style.
    func panel(_ rect: Rect, title: String, focused: Bool = false, on canvas: inout Canvas) -> Rect {
        canvas.box(rect, title: theme.boxTitle(title, focused: focused), style: theme.box(focused: focused),
                   titleStyle: focused ? theme.accent : theme.heading)
    }
}

/// One styled run of text on a line; panels build lines from these and draw them clipped.
struct Span {
    var text: String
    var style: Style

    init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }

    var width: Int { DisplayWidth.of(text) }
}

extension Canvas {
    /// Draws spans one after another from `point`, clipped to `clip`; returns the end column.
    @discardableResult
    mutating func put(_ spans: [Span], at point: Point, clip: Rect) -> Int {
        var x = point.x
        for span in spans {
            put(span.text, at: Point(x: x, y: point.y), style: span.style, clip: clip)
            x += span.width
            if x >= clip.maxX { break }
        }
        return x
    }
}

/// Splits `width` columns among `values` in proportion, by largest remainder, giving at least
/// one column to every non-zero value when there is room: the memory and share bars.
func proportionalWidths(_ values: [Int], width: Int) -> [Int] {
    let total = values.reduce(0) { $0 + max(0, $1) }
    guard total > 0, width > 0 else { return values.map { _ in 0 } }
    var widths = values.map { max(0, $0) * width / total }
    let nonZero = values.indices.filter { values[$0] > 0 }
    if nonZero.count <= width {
        for index in nonZero where widths[index] == 0 { widths[index] = 1 }
    }
    var used = widths.reduce(0, +)
    // Give leftover columns to the largest remainders; take excess from the widest segments.
    let byRemainder = values.indices.sorted {
        (max(0, values[$0]) * width % total) > (max(0, values[$1]) * width % total)
    }
    var cursor = 0
    while used < width, !byRemainder.isEmpty {
        let index = byRemainder[cursor % byRemainder.count]
        if values[index] > 0 { widths[index] += 1; used += 1 }
        cursor += 1
        if cursor > 4 * values.count { break }
    }
    while used > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 1 {
        widths[widest] -= 1
        used -= 1
    }
    return widths
}

/// A percentage with one decimal place, e.g. "37.5%".
func percent(_ part: Int, of total: Int) -> String {
    guard total > 0 else { return "0%" }
    let tenths = (part * 1000 + total / 2) / total
    return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
}
