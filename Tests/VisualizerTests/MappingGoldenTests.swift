import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The mapping and the attention sweep, frozen: paged-attention's sweep of C's query (K, then
/// V), parallel-sampling's fork (B's and B1's tables reaching the same blocks), at 80x24 and
/// 120x40 in both languages; the sweep in every theme (ANSI) and in ASCII.
@Suite struct MappingGoldenTests {
    enum Scene: String, CaseIterable {
        /// paged-attention step 10: C's query reading K of its second block.
        case sweepKeys = "mapping-sweep-keys"
        /// The same step, reading V of its last block.
        case sweepValues = "mapping-sweep-values"
        /// parallel-sampling's fork: B and B1 share both blocks.
        case fork = "mapping-fork"
        /// parallel-sampling's copy-on-write: the shared first block, separate last blocks.
        case copy = "mapping-copy"
    }

    static func state(_ scene: Scene, size: Size, language: Language,
                      appearance: Appearance = Appearance(theme: .mono)) throws -> AppState {
        let file = scene == .sweepKeys || scene == .sweepValues ? "06-paged-attention.yaml" : "09-parallel-sampling.yaml"
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: language,
                                 appearance: appearance, size: size)
        let frame = 1 / AttentionSweep.framesPerSecond
        switch scene {
        case .sweepKeys:
            state.seek(to: 10)
            _ = dispatch(&state, .tick(elapsedSeconds: frame))
        case .sweepValues:
            state.seek(to: 10)
            for _ in 0..<5 { _ = dispatch(&state, .tick(elapsedSeconds: frame)) }
        case .fork:
            Fixtures.step(&state) { $0.events.contains { if case .paging(.forked) = $0 { true } else { false } } }
        case .copy:
            Fixtures.step(&state) { $0.events.contains { if case .paging(.copiedOnWrite) = $0 { true } else { false } } }
        }
        return state
    }

    @Test(arguments: Scene.allCases)
    func plainTextFrames(scene: Scene) throws {
        for size in GoldenFrameTests.sizes {
            for language in Language.allCases {
                let state = try Self.state(scene, size: size, language: language)
                #expect(state.showsMapping, "\(scene) does not show the mapping")
                Golden.check(Fixtures.render(state).plainText(),
                             named: "\(scene.rawValue)-\(size.width)x\(size.height)-\(language.rawValue)")
            }
        }
    }

    @Test func sweepInEveryThemeAndInASCII() throws {
        let size = Size(width: 120, height: 40)
        let looks: [(String, Appearance)] = [
            ("dark", Appearance(theme: .dark, depth: .palette256)),
            ("light", Appearance(theme: .light, depth: .palette256)),
            ("mono", Appearance(theme: .mono)),
        ]
        for (name, appearance) in looks {
            let state = try Self.state(.sweepKeys, size: size, language: .en, appearance: appearance)
            Golden.check(Fixtures.render(state).ansi(), named: "mapping-sweep-keys-\(name).ansi")
        }
        for size in GoldenFrameTests.sizes {
            for scene in [Scene.sweepKeys, .fork] {
                let state = try Self.state(scene, size: size, language: .en,
                                           appearance: Appearance(theme: .mono, glyphs: .ascii))
                let text = Fixtures.render(state).plainText()
                #expect(text.unicodeScalars.allSatisfy { $0.isASCII || $0.properties.isIdeographic || $0.value >= 0x3000 },
                        "\(scene) leaves a non-ASCII glyph in the ASCII set")
                Golden.check(text, named: "ascii-\(scene.rawValue)-\(size.width)x\(size.height)-en")
            }
        }
    }
}
