import KVBase

/// One self-contained web page that plays a sequence of canvases, for sharing a walkthrough
/// (`kvviz render --format html`): no network, no external file; the frames, their durations and
/// their chapter marks are embedded, and a small script shows them in a `<pre>` with play/pause,
/// step and jump controls (also Space, arrow keys, Home, End).
///
/// Rows repeat a lot from frame to frame, so each distinct row is stored once as HTML and a
/// frame is a list of row numbers. Each style becomes a CSS class; a wide glyph sits in a span two
/// columns (`2ch`) wide, so CJK text keeps its columns whatever the font.
public struct HTMLPlayerWriter: Sendable {
    public struct Frame: Sendable {
        public var canvas: Canvas
        /// Seconds the frame stays on screen when playing.
        public var duration: Double
        /// A chapter mark (the narration that starts here), listed in the jump menu.
        public var marker: String?
        /// Shown under the screen: where in the walkthrough this frame is.
        public var label: String

        public init(canvas: Canvas, duration: Double, marker: String? = nil, label: String) {
            self.canvas = canvas
            self.duration = duration
            self.marker = marker
            self.label = label
        }
    }

    public var colors: PaintColors
    public var title: String
    public var language: String

    public init(title: String, colors: PaintColors = .dark, language: String = "en") {
        self.title = title
        self.colors = colors
        self.language = language
    }

    /// The whole page for `frames` (a short recording; a long one streams with `header`,
    /// `chunk` and `footer`, which this joins).
    public func page(_ frames: [Frame]) -> String {
        var stream = self
        var page = header(width: frames.first?.canvas.width ?? 80)
        for frame in frames { page += stream.chunk(frame) }
        return page + footer()
    }

    /// Styles seen so far (a handful: one per theme role) and the rows of the previous frame,
    /// the only ones a frame reuses by number: memory stays one frame's worth however long the
    /// recording.
    private var styleIndex: [Style: Int] = [:]
    private var previousRows: [String: Int] = [:]
    private var rowCount = 0

    /// The start of the page: head, fixed CSS, the screen and its controls.
    public func header(width: Int) -> String {
        let background = PaintColors.hex(colors.background)
        let foreground = PaintColors.hex(colors.foreground)
        return """
            <!DOCTYPE html>
            <html lang="\(MarkupText.escaped(language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="kvviz">
            <title>\(MarkupText.escaped(title))</title>
            <style>
            body{margin:0;padding:16px;background:\(background);color:\(foreground);font-family:system-ui,sans-serif}
            #screen{font-family:\(SVGWriter.fontFamily);font-size:14px;line-height:1.2;margin:0;white-space:pre;\
            width:\(width)ch;overflow:hidden;background:\(background);color:\(foreground)}
            #screen .w{display:inline-block;width:2ch;text-align:center}
            #screen .b{display:inline-block;transform:scaleY(1.25);transform-origin:50% 55%}
            #controls{margin-top:10px;display:flex;gap:8px;align-items:center;flex-wrap:wrap;font-size:14px}
            #controls button,#controls select{font:inherit;padding:2px 10px}
            #label{opacity:.8}
            </style>
            </head>
            <body>
            <pre id="screen" aria-live="polite"></pre>
            <div id="controls">
            <button id="first" title="first frame (Home)" aria-label="first frame">|◀</button>
            <button id="prev" title="previous frame (←)" aria-label="previous frame">◀ step</button>
            <button id="play" title="play / pause (Space)" aria-label="play or pause">❚❚ pause</button>
            <button id="next" title="next frame (→)" aria-label="next frame">step ▶</button>
            <button id="last" title="last frame (End)" aria-label="last frame">▶|</button>
            <select id="marks" title="jump to a narration"></select>
            <span id="label"></span>
            </div>

            """
    }

    /// One frame: a `<style>` for the styles it brings in, and a JSON script element holding
    /// the rows not in the previous frame and the frame's row numbers.
    public mutating func chunk(_ frame: Frame) -> String {
        var newStyles: [(Style, Int)] = []
        var newRows: [JSON] = []
        var indices: [JSON] = []
        var rows: [String: Int] = [:]
        for y in 0..<frame.canvas.height {
            let html = rowHTML(frame.canvas.runs(row: y), styles: &styleIndex, added: &newStyles)
            let index: Int
            if let known = rows[html] ?? previousRows[html] {
                index = known
            } else {
                index = rowCount
                rowCount += 1
                newRows.append(.array([.int(index), .string(html)]))
            }
            rows[html] = index
            indices.append(.int(index))
        }
        previousRows = rows
        var object = JSONObject()
        object.add("new", newRows)
        object.add("rows", indices)
        object.add("duration", frame.duration, digits: 3)
        object.add("marker", frame.marker)
        object.add("label", frame.label)
        var text = ""
        if !newStyles.isEmpty {
            text += "<style>" + newStyles.map { ".s\($0.1){\(declarations($0.0))}" }.joined(separator: "\n") + "</style>\n"
        }
        return text + "<script class=\"kvviz-frame\" type=\"application/json\">"
            + Self.scriptSafe(JSON.object(object).compact) + "</script>\n"
    }

    /// The player: reads the frame elements, then plays them.
    public func footer() -> String {
        """
        <script>
        (function () {
          "use strict";
          var data = { rows: {}, frames: [] };
          document.querySelectorAll("script.kvviz-frame").forEach(function (element) {
            var frame = JSON.parse(element.textContent);
            frame.new.forEach(function (row) { data.rows[row[0]] = row[1]; });
            delete frame.new;
            data.frames.push(frame);
            element.remove();
          });
          var screen = document.getElementById("screen"), label = document.getElementById("label");
          var playButton = document.getElementById("play"), marks = document.getElementById("marks");
          var index = 0, playing = true, timer = null;
          data.frames.forEach(function (frame, i) {
            if (frame.marker === null) return;
            var option = document.createElement("option");
            option.value = i; option.textContent = (i + 1) + ": " + frame.marker.slice(0, 70);
            marks.appendChild(option);
          });
          function show(i) {
            index = Math.max(0, Math.min(data.frames.length - 1, i));
            var frame = data.frames[index];
            screen.innerHTML = frame.rows.map(function (r) { return data.rows[r]; }).join("\\n");
            screen.setAttribute("data-frame", String(index));
            label.textContent = "frame " + (index + 1) + "/" + data.frames.length + " · " + frame.label;
            for (var m = marks.options.length - 1; m >= 0; m--) {
              if (Number(marks.options[m].value) <= index) { marks.selectedIndex = m; break; }
            }
          }
          function schedule() {
            clearTimeout(timer);
            playButton.textContent = playing ? "❚❚ pause" : "▶ play";
            if (!playing) return;
            if (index >= data.frames.length - 1) { playing = false; playButton.textContent = "▶ play"; return; }
            timer = setTimeout(function () { show(index + 1); schedule(); }, data.frames[index].duration * 1000);
          }
          function go(i) { show(i); schedule(); }
          document.getElementById("first").onclick = function () { go(0); };
          document.getElementById("prev").onclick = function () { playing = false; go(index - 1); };
          document.getElementById("next").onclick = function () { playing = false; go(index + 1); };
          document.getElementById("last").onclick = function () { playing = false; go(data.frames.length - 1); };
          playButton.onclick = function () {
            if (!playing && index >= data.frames.length - 1) index = 0;
            playing = !playing; go(index);
          };
          marks.onchange = function () { go(Number(marks.value)); };
          document.addEventListener("keydown", function (event) {
            var keys = { " ": function () { playButton.onclick(); }, ArrowRight: function () { playing = false; go(index + 1); },
              ArrowLeft: function () { playing = false; go(index - 1); }, Home: function () { go(0); },
              End: function () { playing = false; go(data.frames.length - 1); } };
            if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
          });
          go(0);
        })();
        </script>
        </body>
        </html>

        """
    }

    private func rowHTML(_ runs: [StyledRun], styles: inout [Style: Int], added: inout [(Style, Int)]) -> String {
        var html = ""
        var trailing = runs
        while let last = trailing.last, last.style == .plain, last.text.allSatisfy({ $0 == " " }) {
            trailing.removeLast()
        }
        for run in trailing {
            let text = MarkupText.escaped(run.text)
            let body = run.isWide ? "<span class=\"w\">\(text)</span>" : Self.boxLinesJoined(text)
            if run.style == .plain {
                html += body
                continue
            }
            let index: Int
            if let known = styles[run.style] {
                index = known
            } else {
                index = styles.count
                styles[run.style] = index
                added.append((run.style, index))
            }
            html += "<span class=\"s\(index)\">\(body)</span>"
        }
        return html
    }

    private func declarations(_ style: Style) -> String {
        let paint = colors.paint(style)
        var css = "color:\(paint.text)"
        if let fill = paint.fill { css += ";background:\(fill)" }
        if style.bold { css += ";font-weight:bold" }
        if style.underline { css += ";text-decoration:underline" }
        return css
    }

    /// Vertical box lines (│ ┃ ║ and the corners and tees that reach down or up) stretched to
    /// the full row height, so a frame's boxes read as solid lines instead of dashes when the
    /// font's glyph is shorter than the row.
    static func boxLinesJoined(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x2500...0x257F).contains($0.value) }) else { return text }
        var out = ""
        for character in text {
            if let scalar = character.unicodeScalars.first, verticalBoxScalars.contains(scalar.value) {
                out += "<span class=\"b\">\(character)</span>"
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Box-drawing characters with a vertical stroke (light and heavy, single and double).
    static let verticalBoxScalars: Set<UInt32> = [
        0x2502, 0x2503, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524, 0x252C, 0x2534, 0x253C,
        0x250F, 0x2513, 0x2517, 0x251B, 0x2523, 0x252B, 0x2533, 0x253B, 0x254B,
        0x2551, 0x2554, 0x2557, 0x255A, 0x255D, 0x2560, 0x2563, 0x2566, 0x2569, 0x256C,
        0x256D, 0x256E, 0x256F, 0x2570, 0x2575, 0x2577,
    ]

    /// JSON placed inside a `<script>` element: `<` written as `\u003c` (only ever inside JSON
    /// strings), so no `</script>` or `<!--` can end or confuse the element.
    static func scriptSafe(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for character in json {
            if character == "<" { out += "\\u003c" } else { out.append(character) }
        }
        return out
    }
}
