import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The block view's teaching moments, frozen from the real walkthroughs: token text in slots, a
/// focused request with scattered blocks, an attention read, a copy-on-write, the change strip
/// during a preemption, owner ids past Z and focus mode; English and Chinese at 80x24, 120x40
/// and 200x50, plus colour and NO_COLOR ANSI at 120x40.
@Suite struct BlockViewGoldenTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 50)]

    enum Scene: String, CaseIterable {
        case tokens, focused, attention, copyOnWrite = "copy-on-write", preemptionStrip = "preemption-strip"
        case pastZ = "past-z", focusMode = "focus-mode", swap
    }

    static func demo(_ scene: Scene) -> String {
        switch scene {
        case .tokens: "01-why-kv-cache.yaml"
        case .focused: "11-preemption.yaml"
        case .attention: "07-prefill-vs-decode.yaml"
        case .copyOnWrite, .focusMode: "09-parallel-sampling.yaml"
        case .preemptionStrip, .swap: "11-preemption.yaml"
        case .pastZ: "03-memory-bar.yaml"
        }
    }

    /// A request whose blocks are not consecutive physical ids.
    static func scattered(_ snapshot: Snapshot) -> RequestView? {
        snapshot.requests.first { request in
            request.blockTable.count > 2 && zip(request.blockTable, request.blockTable.dropFirst()).contains { $1.index != $0.index + 1 }
        }
    }

    static func state(_ scene: Scene, size: Size, language: Language, colors: Bool) throws -> AppState {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter(demo(scene))], language: language, colors: colors,
                                 size: size)
        func run(until predicate: (Snapshot) -> Bool) {
            var left = 400
            while !predicate(state.snapshot), left > 0, !state.engine.isComplete {
                _ = dispatch(&state, .stepForward)
                left -= 1
            }
        }
        switch scene {
        case .tokens:
            run { $0.step >= 5 }
        case .focused:
            run { scattered($0) != nil }
            _ = dispatch(&state, .nextPanel)
            _ = dispatch(&state, .nextPanel)
            if let target = scattered(state.snapshot)?.id {
                while state.focusedRequest != target, state.focusedRequest != nil {
                    let before = state.focusedRequest
                    _ = dispatch(&state, .moveCursor(dx: 0, dy: 1))
                    if state.focusedRequest == before { break }
                }
            }
        case .attention:
            run { snapshot in snapshot.chunks.contains { !$0.isPrefill } && snapshot.step >= 4 }
        case .copyOnWrite:
            run { $0.events.contains { if case .paging(.copiedOnWrite) = $0 { true } else { false } } }
        case .preemptionStrip:
            run { $0.events.contains { if case .preempted = $0 { true } else { false } } }
        case .pastZ:
            while state.viewMode != .paged { _ = dispatch(&state, .cycleView) }
            run { snapshot in
                Set(snapshot.blocks.compactMap { block in
                    block.owners.first.flatMap { snapshot.request($0.request)?.label }.flatMap { $0.count >= 2 ? $0 : nil }
                }).count >= 6
            }
        case .swap:
            run { !($0.swap?.swappedOut.isEmpty ?? true) }
        case .focusMode:
            run { $0.step >= 3 }
            _ = dispatch(&state, .toggleFocusMode)
        }
        return state
    }

    static func name(_ scene: Scene, _ size: Size, _ language: Language, _ suffix: String) -> String {
        "block-\(scene.rawValue)-\(size.width)x\(size.height)-\(language.rawValue)\(suffix)"
    }

    @Test(arguments: Scene.allCases)
    func plainTextFrames(scene: Scene) throws {
        for size in Self.sizes {
            for language in Language.allCases {
                let state = try Self.state(scene, size: size, language: language, colors: false)
                Golden.check(Fixtures.render(state).plainText(), named: Self.name(scene, size, language, ""))
            }
        }
    }

    @Test(arguments: Scene.allCases)
    func colourAndNoColourFrames(scene: Scene) throws {
        let size = Self.sizes[1]
        for colors in [true, false] {
            let state = try Self.state(scene, size: size, language: .en, colors: colors)
            Golden.check(Fixtures.render(state).ansi(), named: Self.name(scene, size, .en, colors ? ".ansi" : "-nocolor.ansi"))
        }
    }

    /// Each scene shows what it is named for (so a re-recorded golden cannot silently lose it).
    @Test func scenesShowWhatTheyAreNamedFor() throws {
        let size = Self.sizes[1]
        func text(_ scene: Scene, _ language: Language = .en) throws -> String {
            Fixtures.render(try Self.state(scene, size: size, language: language, colors: false)).plainText()
        }
        let tokens = try Self.state(.tokens, size: size, language: .en, colors: false)
        #expect(tokens.gridGeometry.form == .tokens)
        let focused = try Self.state(.focused, size: size, language: .en, colors: false)
        #expect(focused.focusedRequest != nil && focused.focusedRequest == Self.scattered(focused.snapshot)?.id)
        // The focused request decodes in this step, so its blocks are numbered as the attention read.
        let name = focused.snapshot.request(focused.focusedRequest!)!.label
        #expect(try text(.focused).contains("\(name):0") && text(.focused).contains("\(name):2"))
        #expect(try text(.attention).contains("reads"))
        #expect(try text(.attention, .zh).contains("读取"))
        let cow = try text(.copyOnWrite)
        #expect(cow.contains("⇒") && cow.contains("→"))
        #expect(try text(.preemptionStrip).contains("preempted ("))
        #expect(try text(.preemptionStrip, .zh).contains("被抢占（"))
        let pastZ = try Self.state(.pastZ, size: size, language: .en, colors: false)
        #expect(pastZ.gridGeometry.options.ownerWidth >= 2)
        let focusMode = try Self.state(.focusMode, size: size, language: .en, colors: false)
        #expect(focusMode.focusMode && focusMode.layout.sequences.isEmpty)
        #expect(try text(.focusMode).contains("█ stored"))
        // The snapshot's swap traffic and sampling design are on screen.
        #expect(try text(.swap).contains("CPU pool") && text(.swap).contains("swap out"))
        #expect(try text(.swap, .zh).contains("换出"))
        #expect(cow.contains("sampling: paper"))
        // A big screen stands the tables side by side.
        let big = Fixtures.render(try Self.state(.swap, size: Self.sizes[2], language: .en, colors: false)).plainText()
        #expect(big.split(separator: "\n").contains { $0.components(separatedBy: "log phys").count > 2 })
    }
}
