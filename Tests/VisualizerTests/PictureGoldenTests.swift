import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The pictures of issue 19 in their walkthroughs, frozen at 80x24 and 120x40 in both
/// languages, plus one ASCII frame and the light theme of each, and what the pictures claim
/// checked against the engine: the strip's order is the manager's free queue, a hit's gap is
/// where the block stood, the triangle's counts are the engine's totals, the factors multiply
/// to the memory model's block.
@Suite struct PictureGoldenTests {
    enum Scene: String, CaseIterable {
        /// prefix-sharing at the step a returning request hits blocks still in the free queue.
        case queueHit = "picture-queue-hit"
        /// paged-attention just after A finished: its blocks at the tail, last block first.
        case queueFreed = "picture-queue-freed"
        /// cache-size at step 8: one LLaMA-2-7B block as its tensors.
        case anatomy = "picture-anatomy"
        /// paged-attention, Enter twice on a block: the toy model's GQA block in the inspector.
        case inspectorTensors = "picture-inspector-tensors"
        /// why-kv-cache at step 9: the triangle of 45 against the diagonal of 9.
        case triangle = "picture-triangle"
    }

    static func state(_ scene: Scene, size: Size, language: Language,
                      appearance: Appearance = Appearance(colors: false)) throws -> AppState {
        let file: String
        switch scene {
        case .queueHit: file = "08-prefix-sharing.yaml"
        case .queueFreed, .inspectorTensors: file = "06-paged-attention.yaml"
        case .anatomy: file = "02-cache-size.yaml"
        case .triangle: file = "01-why-kv-cache.yaml"
        }
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: language,
                                 appearance: appearance, size: size)
        state.isRecording = true
        switch scene {
        case .queueHit: Fixtures.step(&state) { !$0.queueTakes.isEmpty }
        case .queueFreed: Fixtures.step(&state) { $0.request(RequestID(0))?.status == .finished }
        case .anatomy: Fixtures.step(&state) { $0.step >= 8 }
        case .triangle: Fixtures.step(&state) { $0.step >= 9 }
        case .inspectorTensors:
            Fixtures.step(&state) { $0.step >= 3 }
            _ = dispatch(&state, .inspect)
            _ = dispatch(&state, .inspect)
        }
        return state
    }

    @Test(arguments: Scene.allCases)
    func framesAtBothSizesInBothLanguages(scene: Scene) throws {
        for size in GoldenFrameTests.sizes {
            for language in Language.allCases {
                let state = try Self.state(scene, size: size, language: language)
                Golden.check(Fixtures.render(state).plainText(),
                             named: "\(scene.rawValue)-\(size.width)x\(size.height)-\(language.rawValue)")
            }
        }
    }

    @Test(arguments: Scene.allCases)
    func asciiAndLightFrames(scene: Scene) throws {
        let ascii = try Self.state(scene, size: Size(width: 80, height: 24), language: .en,
                                   appearance: Appearance(theme: .mono, glyphs: .ascii))
        Golden.check(Fixtures.render(ascii).plainText(), named: "ascii-\(scene.rawValue)-80x24-en")
        let light = try Self.state(scene, size: Size(width: 120, height: 40), language: .en,
                                   appearance: Appearance(theme: .light, depth: .palette256))
        Golden.check(Fixtures.render(light).ansi(), named: "theme-\(scene.rawValue)-light-256.ansi")
    }

    /// Every glyph the pictures draw has an ASCII and a narrow form.
    @Test(arguments: Scene.allCases)
    func glyphSetsLeaveNothingBehind(scene: Scene) throws {
        for size in GoldenFrameTests.sizes {
            for language in Language.allCases {
                let unicode = Fixtures.render(try Self.state(scene, size: size, language: language,
                                                             appearance: Appearance(theme: .mono)))
                for set in [GlyphSet.ascii, .narrow] {
                    let canvas = Fixtures.render(try Self.state(scene, size: size, language: language,
                                                                appearance: Appearance(theme: .mono, glyphs: set)))
                    for y in 0..<canvas.height {
                        for x in 0..<canvas.width where !canvas[x, y].isContinuation {
                            let cell = canvas[x, y]
                            if unicode[x, y].glyph != "?" && cell.glyph == "?" {
                                Issue.record("\(set): \"\(unicode[x, y].glyph)\" has no row in GlyphTable.rows (\(scene) \(size) \(language))")
                            }
                            if set == .ascii { #expect(cell.glyph.isASCII || cell.isWide) }
                            if set == .narrow { #expect(!DisplayWidth.isAmbiguous(cell.glyph)) }
                        }
                    }
                }
            }
        }
    }

    @Test func theInspectorShowsTensorsOnEnterThenCloses() throws {
        var state = try Self.state(.queueFreed, size: GoldenFrameTests.sizes[1], language: .en)
        _ = dispatch(&state, .inspect)
        #expect(state.inspected != nil && !state.inspectsTensors)
        _ = dispatch(&state, .inspect)
        #expect(state.inspectsTensors)
        #expect(Fixtures.render(state).plainText().contains("GQA: 2 query heads per KV head: h0←Q0 Q1 · h1←Q2 Q3"))
        _ = dispatch(&state, .inspect)
        #expect(state.inspected == nil)
    }
}
