import Narration
import TerminalCanvas

/// The card a recorded walkthrough opens with, as every chapter does: its place in the tour,
/// title and summary, and how to go on. The first key closes it (Esc only closes it; another
/// key also does what it says), as the chapters' card.
public struct LiveCard: Sendable, Equatable {
    public var title: RecordedWalkthrough.Text
    public var summary: RecordedWalkthrough.Text
    /// Its place in the tour (1-based) and the tour's length; nil when played alone.
    public var place: Int?
    public var of: Int?

    public init(title: RecordedWalkthrough.Text, summary: RecordedWalkthrough.Text, place: Int? = nil, of: Int? = nil) {
        (self.title, self.summary, self.place, self.of) = (title, summary, place, of)
    }

    /// Whether `action` closes the card: every key but those that only change how the screen
    /// reads (language, help), quitting, and a resize.
    static func closes(_ action: LiveAction) -> Bool {
        switch action {
        case .toggleLanguage, .toggleHelp, .quit, .resize: false
        default: true
        }
    }

    /// A box centred across `area`, a row under its top: the chapters' card on the live screen.
    static func draw(_ card: LiveCard, language: Language, in area: Rect, on canvas: inout Canvas) {
        let zh = language == .zh
        let width = min(area.width - 4, 76)
        guard width > 10 else { return }
        let keys = zh ? "→ 单步 · 空格 播放 · j 下一段解说 · Esc 关闭" : "→ step · Space play · j next cue · Esc close"
        let lines = [zh ? card.title.zh : card.title.en, "", zh ? card.summary.zh : card.summary.en, "", keys]
        var wrapped: [(text: String, heading: Bool)] = []
        for (index, line) in lines.enumerated() {
            let parts = line.isEmpty ? [""] : TextLayout.wrap(line, width: width - 4)
            wrapped += parts.map { ($0, index == 0) }
        }
        let height = min(area.height - 1, wrapped.count + 2)
        guard height > 2 else { return }
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + 1, width: width, height: height)
        let place = card.place.map { place in card.of.map { " \(place)/\($0)" } ?? " \(place)" } ?? ""
        let title = "[ " + (zh ? (place.isEmpty ? "章节" : "第\(place) 章") : "Chapter" + place) + " ]"
        canvas.fill(rect)
        let inner = canvas.box(rect, title: title, style: Style.plain.bolded(), titleStyle: Style(fg: .indexed(75)).bolded())
        for (row, line) in wrapped.prefix(inner.height).enumerated() {
            canvas.put(line.text, in: Rect(x: inner.x + 1, y: inner.y + row, width: inner.width - 2, height: 1),
                       style: line.heading ? Style.plain.bolded() : .plain)
        }
    }
}
