import Testing
@testable import TerminalCanvas

@Suite struct CanvasDrawingTests {
    @Test func putWritesTextAndReturnsCellsWritten() {
        var canvas = Canvas(width: 10, height: 2)
        #expect(canvas.put("hi 内存", at: Point(x: 1, y: 0)) == 7)
        expectLines(canvas.plainText(), " hi 内存\n")
        expectWideGlyphsWhole(canvas)
    }

    @Test func wideGlyphStraddlingRightClipBecomesSpace() {
        var canvas = Canvas(width: 10, height: 1)
        canvas.fill(canvas.bounds, glyph: ".")
        let written = canvas.put("ab内", at: Point(x: 0, y: 0), style: Style(fg: .red), clip: Rect(x: 0, y: 0, width: 3, height: 1))
        #expect(written == 3)
        #expect(canvas[2, 0].glyph == " ")
        #expect(canvas[2, 0].style == Style(fg: .red))
        #expect(canvas[3, 0].glyph == ".")
        expectWideGlyphsWhole(canvas)
    }

    @Test func wideGlyphStraddlingLeftEdgeBecomesSpace() {
        var canvas = Canvas(width: 6, height: 1)
        #expect(canvas.put("内存", at: Point(x: -1, y: 0)) == 3)
        expectLines(canvas.plainText(), " 存")
        expectWideGlyphsWhole(canvas)
    }

    @Test func wideGlyphAtLastColumnBecomesSpace() {
        var canvas = Canvas(width: 5, height: 1)
        canvas.put("abcd块", at: .zero)
        #expect(canvas[4, 0].glyph == " ")
        expectWideGlyphsWhole(canvas)
    }

    @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.put("内存块", at: .zero)
        canvas.put("x", at: Point(x: 1, y: 0))
        canvas.put("y", at: Point(x: 2, y: 0))
        expectLines(canvas.plainText(), " xy 块")
        expectWideGlyphsWhole(canvas)
        canvas[4, 0] = Cell("中")
        expectLines(canvas.plainText(), " xy 中")
        canvas[5, 0] = Cell("z")
        expectLines(canvas.plainText(), " xy  z")
        expectWideGlyphsWhole(canvas)
    }

    @Test func subscriptOutsideCanvasReadsBlankAndIgnoresWrites() {
        var canvas = Canvas(width: 2, height: 2)
        canvas[-1, 0] = Cell("x")
        canvas[0, 5] = Cell("x")
        #expect(canvas[99, 99] == .blank)
        #expect(canvas.plainText() == "\n")
    }

    @Test func graphemeClustersStayInOneCell() {
        var canvas = Canvas(width: 8, height: 1)
        #expect(canvas.put("e\u{301}x👍🏽y", at: .zero) == 5)
        #expect(canvas[0, 0].glyph == "e\u{301}")
        #expect(canvas[2, 0].glyph == "👍🏽")
        #expect(canvas[3, 0].isContinuation)
        #expect(canvas.plainText() == "e\u{301}x👍🏽y")
    }

    @Test func controlCharactersAreSkipped() {
        var canvas = Canvas(width: 8, height: 1)
        #expect(canvas.put("a\nb\u{1B}c", at: .zero) == 3)
        #expect(canvas.plainText() == "abc")
    }

    @Test func putAlignsInsideRect() {
        var canvas = Canvas(width: 10, height: 3)
        canvas.put("ab", in: Rect(x: 0, y: 0, width: 10, height: 1), alignment: .trailing)
        canvas.put("内存", in: Rect(x: 0, y: 1, width: 10, height: 1), alignment: .center)
        canvas.put("a long label", in: Rect(x: 0, y: 2, width: 6, height: 1))
        expectLines(canvas.plainText(), "        ab\n   内存\na lon…")
    }

    @Test func boxWithCJKTitleIsClippedByDisplayWidth() {
        var canvas = Canvas(width: 10, height: 3)
        let inside = canvas.box(canvas.bounds, title: "块表与序列")
        expectLines(canvas.plainText(), "┌块表与…─┐\n│        │\n└────────┘")
        #expect(inside == Rect(x: 1, y: 1, width: 8, height: 1))
        expectWideGlyphsWhole(canvas)
    }

    @Test func boxWithShortTitle() {
        var canvas = Canvas(width: 12, height: 3)
        canvas.box(canvas.bounds, title: " 显存 ")
        expectLines(canvas.plainText(), "┌ 显存 ────┐\n│          │\n└──────────┘")
    }

    @Test func degenerateBoxesBecomeLines() {
        var canvas = Canvas(width: 4, height: 3)
        canvas.box(Rect(x: 0, y: 0, width: 4, height: 1))
        canvas.box(Rect(x: 0, y: 1, width: 1, height: 2))
        expectLines(canvas.plainText(), "────\n│\n│")
    }

    @Test func fillWithWideGlyphPadsOddColumn() {
        var canvas = Canvas(width: 5, height: 1)
        canvas.fill(canvas.bounds, glyph: "块")
        expectLines(canvas.plainText(), "块块")
        expectWideGlyphsWhole(canvas)
    }

    @Test func putWrappedStopsAtBottom() {
        var canvas = Canvas(width: 6, height: 2)
        let rows = canvas.putWrapped("one two three four", in: canvas.bounds)
        #expect(rows == 2)
        expectLines(canvas.plainText(), "one\ntwo")
    }

    @Test func hostileGeometryNeverCrashes() {
        var empty = Canvas(width: 0, height: 0)
        empty.put("内存", at: .zero)
        empty.fill(Rect(x: -3, y: -3, width: 10, height: 10), glyph: "#")
        empty.box(Rect(x: 0, y: 0, width: 5, height: 5), title: "x")
        #expect(empty.plainText() == "")
        #expect(empty.ansi() == "")

        var canvas = Canvas(width: 3, height: 2)
        for point in [Point(x: Int.min, y: 0), Point(x: Int.max, y: 0), Point(x: 0, y: Int.max), Point(x: -1, y: -1)] {
            canvas.put("内存 abc", at: point)
            canvas.hline(at: point, length: Int.max)
            canvas.vline(at: point, length: -4)
            canvas.box(Rect(origin: point, size: Size(width: Int.max, height: 3)), title: "标题")
        }
        canvas.put("x", at: .zero, clip: Rect(x: 5, y: 5, width: -1, height: 2))
        #expect(Canvas(width: -4, height: 7).size == Size(width: 0, height: 7))
        expectWideGlyphsWhole(canvas)
    }
}
