import Foundation
import KVBase
import Testing
@testable import TerminalCanvas

@Suite struct EncoderTests {
    static func sample() -> Canvas {
        var canvas = Canvas(width: 8, height: 2)
        canvas.put("ab", at: .zero, style: Style(fg: .red).bolded())
        canvas.put("cd", at: Point(x: 2, y: 0), style: Style(fg: .red).bolded())
        canvas.put("内", at: Point(x: 4, y: 0), style: Style(fg: .indexed(208), bg: .blue))
        canvas.put("x", at: Point(x: 0, y: 1))
        canvas.put(" ", at: Point(x: 2, y: 1), style: Style(bg: .rgb(1, 2, 3)))
        return canvas
    }

    @Test func plainTextWritesWideGlyphsOnceAndTrims() {
        expectLines(Self.sample().plainText(), "abcd内\nx")
    }

    @Test func ansiEmitsSequencesOnlyWhenStyleChanges() {
        let expected = "\u{1B}[0;1;31mabcd\u{1B}[0;38;5;208;44m内\u{1B}[0m\n"
            + "x \u{1B}[0;48;2;1;2;3m \u{1B}[0m"
        #expect(Self.sample().ansi() == expected)
    }

    @Test func sgrCodesForPaletteRanges() {
        #expect(SGR.sequence(for: .plain) == "\u{1B}[0m")
        #expect(SGR.sequence(for: Style(fg: .brightCyan, bg: .white)) == "\u{1B}[0;96;47m")
        #expect(SGR.sequence(for: Style(bg: .brightBlack).reversed().underlined().dimmed()) == "\u{1B}[0;2;4;7;100m")
    }

    @Test func diffOfIdenticalCanvasesIsEmpty() {
        #expect(Canvas.diff(Self.sample(), Self.sample()).isEmpty)
    }

    @Test func diffFindsChangedRunsAndKeepsWideGlyphsWhole() {
        let old = Self.sample()
        var new = old
        new.put("Z", at: Point(x: 7, y: 1))
        new[4, 0] = Cell("存", style: Style(fg: .indexed(208), bg: .blue))
        let runs = Canvas.diff(old, new)
        #expect(runs.count == 2)
        #expect(runs[0].origin == Point(x: 4, y: 0))
        #expect(runs[0].cells.map(\.glyph) == ["存", " "])
        #expect(runs[1] == CellRun(origin: Point(x: 7, y: 1), cells: [Cell("Z")]))
        #expect(Canvas.changedCellCount(old, new) == 3)
    }

    @Test func diffAfterResizeRedrawsEverything() {
        let runs = Canvas.diff(Canvas(width: 3, height: 1), Canvas(width: 4, height: 2))
        #expect(runs.map(\.cells.count) == [4, 4])
        #expect(Canvas.diff(nil, Canvas(width: 0, height: 3)).isEmpty)
    }

    @Test func asciicastIsValidJSONLineByLine() throws {
        let writer = AsciicastWriter(width: 8, height: 2, title: "kvviz \"demo\" 内存\t")
        var text = writer.header()
        text += writer.frame(Self.sample(), at: 0)
        text += writer.marker("step 1: 分配 \\ block", at: 0.5)
        text += writer.frame(Canvas(width: 8, height: 2), at: 1.0 / 3.0)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)

        let header = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 8)
        #expect(header["height"] as? Int == 2)
        #expect(header["title"] as? String == "kvviz \"demo\" 内存\t")

        let frame = try #require(JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [Any])
        #expect(frame[1] as? String == "o")
        let data = try #require(frame[2] as? String)
        #expect(data == "\u{1B}[H\u{1B}[2J" + Self.sample().ansi(lineSeparator: "\r\n"))

        let marker = try #require(JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [Any])
        #expect(marker[1] as? String == "m")
        #expect(marker[2] as? String == "step 1: 分配 \\ block")
        #expect((marker[0] as? NSNumber)?.doubleValue == 0.5)

        let last = try #require(JSONSerialization.jsonObject(with: Data(lines[3].utf8)) as? [Any])
        #expect(lines[3].hasPrefix("[0.333333, "))
        #expect(last.count == 3)
    }

    @Test func jsonEscapesEveryControlCharacter() throws {
        let nasty = String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }) + "\"\\\u{7F}é😀"
        let quoted = JSON.quoted(nasty)
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
        #expect(parsed == [nasty])
        #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func asciicastTimesAreFiniteNumbers() {
        #expect(AsciicastWriter.formatTime(0) == "0.0")
        #expect(AsciicastWriter.formatTime(-1) == "0.0")
        #expect(AsciicastWriter.formatTime(.nan) == "0.0")
        #expect(AsciicastWriter.formatTime(2.5) == "2.5")
        #expect(AsciicastWriter.formatTime(12) == "12.0")
        #expect(AsciicastWriter.formatTime(0.0000004) == "0.0")
    }
}
