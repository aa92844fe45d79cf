import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The product, frozen: whole frames at 80x24 and 120x40, English and Chinese, with and without
/// colour. `RECORD_GOLDENS=1 swift test --filter VisualizerTests` rewrites them (and fails that run).
@Suite struct GoldenFrameTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    enum Scene: String, CaseIterable {
        case empty, mixed, shared, preemption, compare, contiguous, inspector, help
    }

    static func state(_ scene: Scene, size: Size, language: Language, colors: Bool,
                      appearance: Appearance? = nil) throws -> AppState {
        let chapter: Chapter
        switch scene {
        case .empty, .mixed, .inspector, .help:
            chapter = Fixtures.chapter { try Fixtures.decoderEngine(requests: Fixtures.chat(count: 4), memory: true) }
        case .shared:
            chapter = Fixtures.chapter { try Fixtures.decoderEngine(requests: Fixtures.sharing()) }
        case .preemption:
            chapter = Fixtures.chapter { try Fixtures.decoderEngine(blocks: 10, requests: Fixtures.chat(count: 5, maxTokens: 10)) }
        case .compare, .contiguous:
            chapter = Fixtures.chapter(view: scene == .compare ? .compare : .contiguous) {
                try Fixtures.decoderEngine(blocks: 24, requests: Fixtures.chat(count: 4), contiguous: .max)
            }
        }
        var state = try Fixtures.state([chapter], size: size, language: language, colors: colors, appearance: appearance)
        switch scene {
        case .empty:
            break
        case .mixed, .help:
            Fixtures.step(&state) { $0.chunks.contains { $0.isPrefill } && $0.chunks.contains { !$0.isPrefill } }
            if scene == .help { _ = dispatch(&state, .toggleHelp) }
        case .inspector:
            Fixtures.step(&state) { $0.step >= 4 }
            _ = dispatch(&state, .nextPanel)
            _ = dispatch(&state, .moveCursor(dx: 1, dy: 0))
            _ = dispatch(&state, .inspect)
        case .shared:
            Fixtures.step(&state) { snapshot in
                snapshot.blocks.contains { $0.isShared } && snapshot.requests.contains { $0.prefixHitBlocks > 0 }
            }
        case .preemption:
            Fixtures.step(&state) { $0.events.contains { if case .preempted = $0 { true } else { false } } }
        case .compare, .contiguous:
            Fixtures.step(&state) { $0.step >= 6 }
        }
        return state
    }

    static func name(_ scene: Scene, _ size: Size, _ language: Language, _ colors: Bool, _ format: String) -> String {
        "\(scene.rawValue)-\(size.width)x\(size.height)-\(language.rawValue)\(colors ? "" : "-nocolor")\(format)"
    }

    @Test(arguments: Scene.allCases)
    func plainTextFrames(scene: Scene) throws {
        for size in Self.sizes {
            for language in Language.allCases {
                let state = try Self.state(scene, size: size, language: language, colors: false)
                Golden.check(Fixtures.render(state).plainText(), named: Self.name(scene, size, language, true, ""))
            }
        }
    }

    @Test(arguments: [Scene.mixed, .shared, .inspector, .compare])
    func colourFrames(scene: Scene) throws {
        for colors in [true, false] {
            let size = Size(width: 120, height: 40)
            let state = try Self.state(scene, size: size, language: .en, colors: colors)
            Golden.check(Fixtures.render(state).ansi(), named: Self.name(scene, size, .en, colors, ".ansi"))
        }
    }

    @Test func tooSmallFrame() throws {
        let state = try Self.state(.mixed, size: Size(width: 60, height: 12), language: .en, colors: true)
        Golden.check(Fixtures.render(state).plainText(), named: "too-small-60x12")
    }

    @Test func scenesShowWhatTheyAreNamedFor() throws {
        let shared = try Self.state(.shared, size: Self.sizes[1], language: .en, colors: false)
        #expect(shared.snapshot.blocks.contains { $0.isShared })
        let preempted = try Self.state(.preemption, size: Self.sizes[1], language: .en, colors: false)
        #expect(preempted.snapshot.events.contains { if case .preempted = $0 { true } else { false } })
        #expect(Fixtures.render(preempted).plainText().contains("preempted"))
        let inspector = try Self.state(.inspector, size: Self.sizes[0], language: .en, colors: false)
        #expect(inspector.inspected != nil)
    }
}
