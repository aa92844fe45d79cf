import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The automatic step description names what swapping and beam search did, in both languages.
@Suite("Step description: swaps and beams")
struct StepDescriptionBeamSwapTests {
    /// Steps `file` until `found` holds for the snapshot; returns the state there.
    static func state(_ file: String, until found: (Snapshot) -> Bool) throws -> AppState {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: .en, colors: false,
                                 size: Size(width: 120, height: 40))
        while !found(state.snapshot), !state.engine.isComplete { _ = dispatch(&state, .stepForward) }
        try #require(found(state.snapshot), "\(file) never reaches the step")
        return state
    }

    static func texts(_ state: AppState) -> (en: String, zh: String) {
        var state = state
        state.language = .en
        let en = StepDescription.text(Frame(state: state))
        state.language = .zh
        return (en, StepDescription.text(Frame(state: state)))
    }

    @Test func aSwappedInRequestIsSaidToBeCopiedBackNotRecomputed() throws {
        let state = try Self.state("11-preemption.yaml") { snapshot in
            guard let transfer = snapshot.swap?.swappedIn.first, !transfer.gpu.isEmpty else { return false }
            return snapshot.events.contains { if case let .admitted(id, _, _) = $0 { id == transfer.request } else { false } }
        }
        let label = state.snapshot.request(try #require(state.snapshot.swap?.swappedIn.first).request)?.label ?? "?"
        let (en, zh) = Self.texts(state)
        #expect(en.contains("\(label) swapped back in ("), "\(en)")
        #expect(en.contains("copied from CPU"), "\(en)")
        #expect(!en.contains("\(label) resumed (recomputes"), "\(en)")
        #expect(zh.contains("\(label) 换回 GPU（从 CPU 复制"), "\(zh)")
    }

    @Test func beamEventsAreNamed() throws {
        let state = try Self.state("10-beam-search.yaml") { snapshot in
            snapshot.events.contains { if case .beamDropped = $0 { true } else { false } }
        }
        let (en, zh) = Self.texts(state)
        #expect(en.contains("dropped (not among the best;"), "\(en)")
        #expect(en.contains("forked"), "\(en)")
        #expect(zh.contains("被淘汰"), "\(zh)")
        var strip = state
        strip.size = Size(width: 200, height: 40)
        let items = ChangeStrip.items(Frame(state: strip)).map { $0.full.map(\.text).joined() }
        #expect(items.contains { $0.contains("beam dropped (") }, "\(items)")
        let end = try Self.state("10-beam-search.yaml") { $0.isComplete }
        #expect(Self.texts(end).en.contains("finished as the best beam"))
        #expect(Self.texts(end).zh.contains("作为最佳束完成"))
    }
}
