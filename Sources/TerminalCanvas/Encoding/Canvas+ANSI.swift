extension Canvas {
    /// The canvas as text with ANSI SGR escape sequences, for `render --format ansi` and cast files.
    ///
    /// Each line starts in the plain style; a sequence is emitted only where the style changes,
    /// and a reset ends any line that is not plain at its end, so lines can be printed on their
    /// own. Trailing plain spaces are trimmed. `lineSeparator` is "\n" for files and pipes,
    /// "\r\n" where the output replays into a terminal emulator (asciicast).
    public func ansi(lineSeparator: String = "\n") -> String {
        var output = ""
        output.reserveCapacity(width * height * 2)
        for y in 0..<height {
            if y > 0 { output += lineSeparator }
            appendANSIRow(y, to: &output)
        }
        return output
    }

    /// Row `y` as `ansi()` writes it: plain style at its start and end, trailing blanks trimmed.
    func ansiRow(_ y: Int) -> String {
        var output = ""
        appendANSIRow(y, to: &output)
        return output
    }

    func appendANSIRow(_ y: Int, to output: inout String) {
        let cells = row(y)
        guard let last = cells.lastIndex(where: { $0 != .blank }) else { return }
        var current = Style.plain
        for cell in cells[cells.startIndex...last] where !cell.isContinuation {
            if cell.style != current {
                SGR.append(cell.style, to: &output)
                current = cell.style
            }
            output.append(cell.glyph)
        }
        if current != .plain {
            output += SGR.reset
        }
    }
}

/// Select Graphic Rendition escape sequences.
enum SGR {
    /// Back to the terminal's defaults.
    public static let reset = "\u{1B}[0m"

    /// One sequence that resets and then sets everything `style` needs, so it is correct
    /// whatever came before: "\e[0;1;31m" for bold red.
    public static func sequence(for style: Style) -> String {
        var output = ""
        append(style, to: &output)
        return output
    }

    /// Appends `sequence(for: style)` to `output` without intermediate strings (the ANSI
    /// encoder calls this for every style change, often once per cell in a block grid).
    static func append(_ style: Style, to output: inout String) {
        output += "\u{1B}[0"
        if style.bold { output += ";1" }
        if style.dim { output += ";2" }
        if style.underline { output += ";4" }
        if style.reverse { output += ";7" }
        appendColor(style.foreground, background: false, to: &output)
        appendColor(style.background, background: true, to: &output)
        output += "m"
    }

    /// The SGR parameters for a colour: 30-37/90-97 (40-47/100-107) for the 16 ANSI colours,
    /// 38;5;n (48;5;n) for the palette, 38;2;r;g;b (48;2;r;g;b) for 24-bit; none for the default.
    static func appendColor(_ color: Color, background: Bool, to output: inout String) {
        switch color {
        case .default:
            return
        case .indexed(let index) where index < 8:
            output += ";" + decimal[(background ? 40 : 30) + Int(index)]
        case .indexed(let index) where index < 16:
            output += ";" + decimal[(background ? 100 : 90) + Int(index) - 8]
        case .indexed(let index):
            output += background ? ";48;5;" : ";38;5;"
            output += decimal[Int(index)]
        case .rgb(let red, let green, let blue):
            output += background ? ";48;2;" : ";38;2;"
            output += decimal[Int(red)] + ";" + decimal[Int(green)] + ";" + decimal[Int(blue)]
        }
    }

    /// "0" ... "255", so colour codes need no integer formatting per cell.
    private static let decimal: [String] = (0...255).map { String($0) }
}
