extension TextLayout {
    /// Breaks `text` into lines of at most `width` columns.
    ///
    /// Latin text breaks at spaces (the spaces at a break are dropped); Chinese and Japanese
    /// text may break between any two wide characters, but not before closing punctuation
    /// (，。」…) or after opening punctuation (「（…). A word longer than the width is cut
    /// wherever needed, never inside a wide glyph. Newlines start new lines and an empty
    /// paragraph yields an empty line. Only when `width` is 1 can a line exceed it: a wide
    /// glyph then stands alone on its line. A width of zero or less yields no lines.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var filler = LineFiller(width: width)
            for piece in pieces(of: paragraph) {
                filler.add(piece)
            }
            lines += filler.finish()
        }
        return lines
    }

    /// A unit the wrapper does not break inside (unless it is longer than a line): a run of
    /// spaces, a Latin word, or one wide character with the punctuation glued to it.
    struct Piece {
        var text = ""
        var width = 0
        var isSpace = false
        var endsWide = false
    }

    static func pieces(of paragraph: Substring) -> [Piece] {
        var pieces: [Piece] = []
        var glueNext = false
        for character in paragraph {
            let isSpace = character == " " || character == "\t" || character == "\u{3000}"
            let stored: Character = character == "\t" ? " " : character
            let columns = DisplayWidth.of(stored)
            if isSpace {
                if pieces.last?.isSpace == true {
                    pieces[pieces.count - 1].text.append(stored)
                    pieces[pieces.count - 1].width += columns
                } else {
                    pieces.append(Piece(text: String(stored), width: columns, isSpace: true))
                }
                glueNext = false
                continue
            }
            let wide = columns == 2
            if let last = pieces.last, !last.isSpace,
                glueNext || columns == 0 || noBreakBefore.contains(character) || (!wide && !last.endsWide)
            {
                pieces[pieces.count - 1].text.append(stored)
                pieces[pieces.count - 1].width += columns
                pieces[pieces.count - 1].endsWide = wide
            } else {
                pieces.append(Piece(text: String(stored), width: columns, endsWide: wide))
            }
            glueNext = noBreakAfter.contains(character)
        }
        return pieces
    }

    /// Closing punctuation that must not begin a line.
    static let noBreakBefore: Set<Character> = [
        "，", "。", "、", "；", "：", "！", "？", "）", "」", "』", "】", "》", "〉", "〕", "］", "｝",
        "…", "‥", "ー", "・", "ゃ", "ゅ", "ょ", "っ", "ャ", "ュ", "ョ", "ッ",
        ",", ".", ";", ":", "!", "?", ")", "]", "}", "%",
    ]

    /// Opening punctuation that must not end a line.
    static let noBreakAfter: Set<Character> = [
        "（", "「", "『", "【", "《", "〈", "〔", "［", "｛", "(", "[", "{",
    ]

    /// Greedy line filling over pieces.
    struct LineFiller {
        let width: Int
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        var pendingSpace = Piece()
        /// True until the first line of the paragraph is emitted: indentation is kept only there.
        var atParagraphStart = true

        init(width: Int) {
            self.width = width
        }

        mutating func add(_ piece: Piece) {
            if piece.isSpace {
                if lineWidth > 0 || atParagraphStart { pendingSpace = piece }
                return
            }
            if lineWidth + pendingSpace.width + piece.width <= width {
                append(pendingSpace)
                append(piece)
            } else if piece.width <= width {
                breakLine()
                append(piece)
            } else {
                if lineWidth + pendingSpace.width < width, lineWidth > 0 || atParagraphStart {
                    append(pendingSpace)
                } else {
                    breakLine()
                }
                hardBreak(piece)
            }
        }

        /// Writes an overlong piece character by character, breaking wherever the line is full.
        mutating func hardBreak(_ piece: Piece) {
            for character in piece.text {
                let columns = DisplayWidth.of(character)
                if lineWidth + columns > width, lineWidth > 0 {
                    breakLine()
                }
                line.append(character)
                lineWidth += columns
            }
        }

        mutating func append(_ piece: Piece) {
            line += piece.text
            lineWidth += piece.width
            pendingSpace = Piece()
        }

        mutating func breakLine() {
            if lineWidth > 0 {
                lines.append(line)
                atParagraphStart = false
            }
            line = ""
            lineWidth = 0
            pendingSpace = Piece()
        }

        mutating func finish() -> [String] {
            if lineWidth > 0 || lines.isEmpty {
                lines.append(line)
            }
            return lines
        }
    }
}
