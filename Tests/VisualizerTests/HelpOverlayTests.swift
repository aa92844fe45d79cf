import TerminalCanvas
import Testing
@testable import Visualizer

/// The help names every glyph the block view draws, in both languages, uncut at 80x24.
@Suite struct HelpOverlayTests {
    @Test(arguments: [Glyphs.standard, Glyphs.focus])
    func everyGlyphIsExplained(glyphs: Glyphs) {
        let keys = HelpOverlay.glyphs(Theme(colors: false, glyphs: glyphs)).map(\.key).joined(separator: " ")
        for glyph in [glyphs.stored, glyphs.pending, glyphs.empty, glyphs.cached, glyphs.changed, glyphs.sharedGroup] {
            #expect(keys.contains(glyph), "help does not explain \(glyph)")
        }
        #expect(keys.contains(glyphs.copy) && keys.contains(glyphs.becomes))
    }

    @Test func everyTextFitsItsColumnInBothLanguages() {
        for entry in HelpOverlay.keys() + HelpOverlay.glyphs(Theme(colors: false)) {
            #expect(DisplayWidth.of(entry.en) <= HelpOverlay.textWidth, "\(entry.en)")
            #expect(DisplayWidth.of(entry.zh) <= HelpOverlay.textWidth, "\(entry.zh)")
            #expect(DisplayWidth.of(entry.key) < HelpOverlay.keyWidth, "\(entry.key)")
        }
    }

    @Test func theCountersAreExplained() throws {
        let state = try GoldenFrameTests.state(.help, size: Size(width: 80, height: 24), language: .en, colors: false)
        let text = Fixtures.render(state).plainText()
        for needle in ["4+6/14", "7 vs 53", "2+1", "stored", "pending", "copy-on-write"] {
            #expect(text.contains(needle), "help at 80x24 lacks \(needle)")
        }
    }
}
