import Testing
@testable import TerminalCanvas

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnPerCharacter() {
        #expect(DisplayWidth.of("hello, world") == 12)
        #expect(DisplayWidth.of(Character("~")) == 1)
    }

    @Test func controlCharactersTakeNoColumns() {
        #expect(DisplayWidth.of(Character("\n")) == 0)
        #expect(DisplayWidth.of(Character("\u{1B}")) == 0)
        #expect(DisplayWidth.of(Character("\u{7F}")) == 0)
        #expect(DisplayWidth.of(Character("\u{85}")) == 0)
    }

    @Test(arguments: ["内", "存", "块", "ア", "あ", "한", "Ａ", "。", "，", "「", "」", "（", "、", "\u{3000}", "𠀀"])
    func cjkAndFullwidthAreTwoColumns(_ text: String) {
        #expect(DisplayWidth.of(Character(text)) == 2, "\(text)")
    }

    @Test func chineseSentenceIsTwiceItsCharacterCount() {
        let text = "分页注意力把显存切成块"
        #expect(DisplayWidth.of(text) == 2 * text.count)
    }

    @Test func mixedTextAddsUp() {
        #expect(DisplayWidth.of("KV 缓存: 12 块") == 2 + 1 + 4 + 1 + 1 + 2 + 1 + 2)
    }

    @Test func combiningMarksAndJoinersAddNothing() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of(Character("\u{301}")) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200D)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0xFE0F)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200B)!) == 0)
        #expect(DisplayWidth.of("a\u{200B}b") == 2)
    }

    @Test(arguments: ["😀", "👍🏽", "👨‍👩‍👧", "🇯🇵", "❤️", "🧠", "🚀", "⌚"])
    func emojiAreTwoColumns(_ text: String) {
        #expect(DisplayWidth.of(text) == 2, "\(text)")
    }

    @Test func textStyleSymbolsStayNarrow() {
        #expect(DisplayWidth.of("❤") == 1)
        #expect(DisplayWidth.of("─│┌┐└┘█▏░") == 9)
        #expect(DisplayWidth.of("é ß Ω Ж") == 7)
    }

    @Test func rangeTablesAreSortedAndDisjoint() {
        for table in [DisplayWidth.zeroWidthRanges, DisplayWidth.wideRanges] {
            #expect(table.count % 2 == 0)
            for pair in stride(from: 0, to: table.count, by: 2) {
                #expect(table[pair] <= table[pair + 1])
                if pair >= 2 { #expect(table[pair - 1] < table[pair]) }
            }
        }
    }
}
