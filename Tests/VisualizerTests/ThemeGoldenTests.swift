import TerminalCanvas
import Testing
@testable import Visualizer

/// Whole frames in the other themes, colour depths and glyph sets, and the guarantee behind the
/// glyph sets: nothing outside ASCII (or nothing ambiguous) is left on any screen.
@Suite struct ThemeGoldenTests {
    typealias Scene = GoldenFrameTests.Scene
    static let large = Size(width: 120, height: 40)

    static func frame(_ scene: Scene, _ appearance: Appearance, size: Size = large,
                      language: Language = .en) throws -> Canvas {
        let state = try GoldenFrameTests.state(scene, size: size, language: language, colors: appearance.colors,
                                               appearance: appearance)
        return Fixtures.render(state)
    }

    @Test(arguments: [Scene.mixed, .shared, .compare])
    func colourFramesInEveryThemeAndDepth(scene: Scene) throws {
        let looks: [(String, Appearance)] = [
            ("dark-8", Appearance(theme: .dark, depth: .ansi8)),
            ("dark-16", Appearance(theme: .dark, depth: .ansi16)),
            ("light-256", Appearance(theme: .light, depth: .palette256)),
            ("light-8", Appearance(theme: .light, depth: .ansi8)),
            ("dark-direct", Appearance(theme: .dark, depth: .direct)),
            ("mono", Appearance(theme: .mono)),
        ]
        for (name, appearance) in looks where scene == .mixed || name == "dark-8" || name == "light-256" {
            Golden.check(try Self.frame(scene, appearance).ansi(), named: "theme-\(scene.rawValue)-\(name).ansi")
        }
    }

    @Test(arguments: [Scene.mixed, .shared, .compare, .help])
    func asciiFrames(scene: Scene) throws {
        for size in GoldenFrameTests.sizes {
            let canvas = try Self.frame(scene, Appearance(theme: .mono, glyphs: .ascii), size: size)
            Golden.check(canvas.plainText(), named: "ascii-\(scene.rawValue)-\(size.width)x\(size.height)-en")
        }
    }

    @Test func narrowFrameForTerminalsThatDrawAmbiguousGlyphsWide() throws {
        let canvas = try Self.frame(.mixed, Appearance(theme: .mono, glyphs: .narrow), language: .zh)
        Golden.check(canvas.plainText(), named: "narrow-mixed-120x40-zh")
    }

    /// Every scene at both sizes in both languages: the ASCII set leaves only ASCII (and wide
    /// CJK text, which has no ASCII form), the narrow set no ambiguous glyph, and neither falls
    /// back to "?" for a glyph the table forgot.
    @Test(arguments: Scene.allCases)
    func glyphSetsLeaveNothingBehind(scene: Scene) throws {
        for size in GoldenFrameTests.sizes {
            for language in Language.allCases {
                let unicode = try Self.frame(scene, Appearance(theme: .mono), size: size, language: language)
                for set in [GlyphSet.ascii, .narrow] {
                    let canvas = try Self.frame(scene, Appearance(theme: .mono, glyphs: set), size: size,
                                                language: language)
                    for y in 0..<canvas.height {
                        for x in 0..<canvas.width {
                            let cell = canvas[x, y]
                            guard !cell.isContinuation else { continue }
                            let original = unicode[x, y].glyph
                            if original != "?" && cell.glyph == "?" {
                                Issue.record("\(set): \"\(original)\" (U+\(String(original.unicodeScalars.first!.value, radix: 16))) has no row in GlyphTable.rows (\(scene) \(size) \(language))")
                            }
                            if set == .ascii { #expect(cell.glyph.isASCII || cell.isWide) }
                            if set == .narrow { #expect(!DisplayWidth.isAmbiguous(cell.glyph)) }
                            #expect(cell.width == unicode[x, y].width)
                        }
                    }
                }
            }
        }
    }

    @Test func glyphSetFromLocaleAndTerminal() {
        #expect(GlyphSet.automatic(localeCodeset: "UTF-8", term: "xterm-256color", ambiguousWide: false) == .unicode)
        #expect(GlyphSet.automatic(localeCodeset: "utf8", term: "screen", ambiguousWide: false) == .unicode)
        #expect(GlyphSet.automatic(localeCodeset: "ANSI_X3.4-1968", term: "xterm", ambiguousWide: false) == .ascii)
        #expect(GlyphSet.automatic(localeCodeset: "UTF-8", term: "linux", ambiguousWide: false) == .ascii)
        #expect(GlyphSet.automatic(localeCodeset: nil, term: nil, ambiguousWide: false) == .ascii)
        #expect(GlyphSet.automatic(localeCodeset: "UTF-8", term: "xterm", ambiguousWide: true) == .narrow)
        #expect(GlyphSet.automatic(localeCodeset: "GB18030", term: "xterm", ambiguousWide: true) == .ascii)
    }
}
