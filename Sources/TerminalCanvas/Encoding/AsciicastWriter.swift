import KVBase

/// Encodes frames as an asciicast v2 recording (the asciinema format), for
/// `kvviz render --format cast`: a header line, then one JSON array per event.
///
/// The writer only produces text lines; the caller writes them out, so a long render streams
/// instead of building the whole file in memory. Each frame is a full redraw (clear, home,
/// the canvas as ANSI), which any player replays correctly even when seeking.
public struct AsciicastWriter: Sendable {
    public let width: Int
    public let height: Int
    public let title: String?
    /// Seconds a player may show one event at most (`idle_time_limit`; nil: no limit).
    public let idleTimeLimit: Double?

    public init(width: Int, height: Int, title: String? = nil, idleTimeLimit: Double? = nil) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.title = title
        self.idleTimeLimit = idleTimeLimit
    }

    public init(size: Size, title: String? = nil, idleTimeLimit: Double? = nil) {
        self.init(width: size.width, height: size.height, title: title, idleTimeLimit: idleTimeLimit)
    }

    /// The first line of the file: `{"version": 2, "width": W, "height": H, "title": "..."}`.
    public func header() -> String {
        var fields = ["\"version\": 2", "\"width\": \(width)", "\"height\": \(height)"]
        if let idleTimeLimit {
            fields.append("\"idle_time_limit\": " + AsciicastWriter.formatTime(idleTimeLimit))
        }
        if let title {
            fields.append("\"title\": " + JSON.quoted(title))
        }
        return "{" + fields.joined(separator: ", ") + "}\n"
    }

    /// An output event redrawing the whole screen as `canvas` at `time` seconds from the start.
    public func frame(_ canvas: Canvas, at time: Double) -> String {
        output("\u{1B}[H\u{1B}[2J" + canvas.ansi(lineSeparator: "\r\n"), at: time)
    }

    /// An output event turning the screen from `previous` into `canvas`: only the rows that
    /// changed are rewritten (cursor to the row, the row, erase to its end), which keeps long
    /// recordings small. A full redraw when there is no previous frame of the same size.
    public func frame(_ canvas: Canvas, after previous: Canvas?, at time: Double) -> String {
        guard let previous, previous.size == canvas.size else { return frame(canvas, at: time) }
        var text = ""
        for y in 0..<canvas.height where canvas.row(y) != previous.row(y) {
            text += "\u{1B}[\(y + 1);1H\u{1B}[0m\u{1B}[2K" + canvas.ansiRow(y)
        }
        return output(text, at: time)
    }

    /// A marker event (a chapter players can jump to), e.g. the name of a walkthrough step.
    public func marker(_ label: String, at time: Double) -> String {
        event(time: time, code: "m", data: label)
    }

    /// A raw output event: `text` as the terminal would receive it.
    public func output(_ text: String, at time: Double) -> String {
        event(time: time, code: "o", data: text)
    }

    func event(time: Double, code: String, data: String) -> String {
        "[" + AsciicastWriter.formatTime(time) + ", \"" + code + "\", " + JSON.quoted(data) + "]\n"
    }

    /// Seconds with up to six decimals, as a JSON number ("1.5", "0.033333"); negative, NaN and
    /// infinite times become 0 so the file stays valid JSON.
    static func formatTime(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0.0" }
        let micros = min((seconds * 1_000_000).rounded(), 1e15)
        let total = Int(micros)
        var fraction = String(total % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 1 && fraction.last == "0" {
            fraction.removeLast()
        }
        return "\(total / 1_000_000).\(fraction)"
    }
}
