import Testing
@testable import TerminalCanvas

/// Direct-colour terminals (`xterm-direct`) read a colour number as 0xRRGGBB above 7: passing a
/// palette index through unchanged is what turned every colour blue.
@Suite struct DirectColorTests {
    @Test func paletteIndexesBecomeTheirRGBValue() {
        #expect(Color.indexed(117).directColorValue == 0x87D7FF)
        #expect(Color.indexed(214).directColorValue == 0xFFAF00)
        #expect(Color.grey(10).directColorValue == 0x6C6C6C)
        #expect(Color.brightBlue.directColorValue == 0x5C5CFF)
    }

    @Test func ansiEightStayANSISoUserColoursApply() {
        for index in UInt8(0)..<8 {
            #expect(Color.indexed(index).directColorValue == Int32(index))
        }
    }

    @Test func rgbIsPackedAndNeverReadAsANSI() {
        #expect(Color.rgb(86, 180, 233).directColorValue == 0x56B4E9)
        #expect(Color.rgb(0, 0, 0).directColorValue == 8)
        #expect(Color.rgb(0, 0, 5).directColorValue == 8)
        #expect(Color.default.directColorValue == nil)
    }

    @Test func depthFromTerminalColours() {
        #expect(ColorDepth(terminalColors: 0) == nil)
        #expect(ColorDepth(terminalColors: 8) == .ansi8)
        #expect(ColorDepth(terminalColors: 16) == .ansi16)
        #expect(ColorDepth(terminalColors: 88) == .ansi16)
        #expect(ColorDepth(terminalColors: 256) == .palette256)
        #expect(ColorDepth(terminalColors: 0x1000000) == .direct)
    }

    @Test func directDepthKeepsRGB() {
        #expect(Color.rgb(1, 2, 3).approximated(paletteSize: ColorDepth.direct.paletteSize) == .rgb(1, 2, 3))
        #expect(Color.rgb(205, 0, 0).approximated(paletteSize: ColorDepth.ansi8.paletteSize) == .red)
    }

    @Test func ambiguousWidthTable() {
        for glyph: Character in ["─", "│", "█", "·", "→", "“", "○", "×"] {
            #expect(DisplayWidth.isAmbiguous(glyph), "\(glyph)")
        }
        for glyph: Character in ["a", "░", "▪", "内", "╌"] {
            #expect(!DisplayWidth.isAmbiguous(glyph), "\(glyph)")
        }
    }
}
