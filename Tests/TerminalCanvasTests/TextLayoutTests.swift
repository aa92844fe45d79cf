import Testing
@testable import TerminalCanvas

@Suite struct TextLayoutTests {
    static let english = "PagedAttention stores the KV cache in fixed-size blocks, so memory is allocated on demand and almost nothing is wasted to fragmentation."
    static let chinese = "分页注意力把KV缓存存放在固定大小的块中，按需分配显存，几乎没有碎片浪费。前缀缓存让相同的提示词共享同一批块。"

    @Test func wrapsEnglishAtSpaces() {
        let lines = TextLayout.wrap("the quick brown fox jumps", width: 10)
        #expect(lines == ["the quick", "brown fox", "jumps"])
    }

    @Test(arguments: [4, 5, 7, 10, 13, 20, 33, 80])
    func wrappedLinesFitAndPreserveContent(_ width: Int) {
        for text in [Self.english, Self.chinese, Self.english + " " + Self.chinese] {
            let lines = TextLayout.wrap(text, width: width)
            for line in lines {
                #expect(DisplayWidth.of(line) <= width, "width \(width): \(line)")
            }
            let squeeze = { (s: String) in s.filter { $0 != " " } }
            #expect(squeeze(lines.joined()) == squeeze(text), "width \(width)")
        }
    }

    @Test func chineseBreaksBetweenCharactersButNotBeforeClosingPunctuation() {
        let lines = TextLayout.wrap("显存切成块，按需分配。", width: 10)
        #expect(lines == ["显存切成", "块，按需分", "配。"])
        for line in lines {
            #expect(!(line.first.map(TextLayout.noBreakBefore.contains) ?? false), "\(line)")
        }
    }

    @Test func wideGlyphIsNeverSplitWhenWidthIsOdd() {
        let lines = TextLayout.wrap("内存内存", width: 3)
        #expect(lines == ["内", "存", "内", "存"])
    }

    @Test func overlongWordIsHardBroken() {
        #expect(TextLayout.wrap("abcdefghij xy", width: 4) == ["abcd", "efgh", "ij", "xy"])
    }

    @Test func newlinesAndEmptyParagraphsAreKept() {
        #expect(TextLayout.wrap("a\n\nb c", width: 10) == ["a", "", "b c"])
        #expect(TextLayout.wrap("", width: 5) == [""])
        #expect(TextLayout.wrap("anything", width: 0).isEmpty)
    }

    @Test func truncateMeasuresDisplayWidth() {
        #expect(TextLayout.truncate("hello world", width: 8) == "hello w…")
        #expect(TextLayout.truncate("内存块表", width: 6) == "内存…")
        #expect(TextLayout.truncate("内存块表", width: 5) == "内存…")
        #expect(TextLayout.truncate("内存", width: 4) == "内存")
        #expect(TextLayout.truncate("abc", width: 0) == "")
        #expect(TextLayout.truncate("abcdef", width: 2, ellipsis: "...") == "ab")
    }

    @Test func padAndAlignByDisplayWidth() {
        #expect(TextLayout.pad("内存", to: 6) == "内存  ")
        #expect(TextLayout.rightAlign("42", width: 5) == "   42")
        #expect(TextLayout.center("块", width: 5) == " 块  ")
        #expect(DisplayWidth.of(TextLayout.pad("内存块表", to: 5)) == 5)
    }
}
