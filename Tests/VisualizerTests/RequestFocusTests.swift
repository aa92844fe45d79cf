import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// Focusing a request (Tab into the tables, Up/Down, a click on its row) highlights its blocks
/// in logical order; Esc lets go; `f` switches focus mode.
@Suite struct RequestFocusTests {
    static func running() throws -> AppState {
        let chapter = Fixtures.chapter { try Fixtures.decoderEngine(requests: Fixtures.chat(count: 4), memory: true) }
        var state = try Fixtures.state([chapter], colors: false)
        Fixtures.step(&state) { $0.step >= 5 }
        return state
    }

    @Test func tabIntoTheTablesFocusesARequestAndArrowsMoveIt() throws {
        var state = try Self.running()
        let holders = state.snapshot.requests.filter { !$0.blockTable.isEmpty }.map(\.id)
        #expect(holders.count >= 2)
        while state.focus != .tables { _ = dispatch(&state, .nextPanel) }
        #expect(state.focusedRequest == holders[0])
        _ = dispatch(&state, .moveCursor(dx: 0, dy: 1))
        #expect(state.focusedRequest == holders[1])
        _ = dispatch(&state, .moveCursor(dx: 0, dy: -1))
        #expect(state.focusedRequest == holders[0])
        let step = state.snapshot.step
        _ = dispatch(&state, .moveCursor(dx: 1, dy: 0))
        #expect(state.snapshot.step == step + 1, "Right still steps while the tables have the focus")
        _ = dispatch(&state, .escape)
        #expect(state.focusedRequest == nil)
    }

    @Test func theFocusedRequestsBlocksAreNumberedInLogicalOrder() throws {
        var state = try Self.running()
        while state.focus != .tables { _ = dispatch(&state, .nextPanel) }
        let frame = Frame(state: state)
        let request = state.snapshot.request(state.focusedRequest!)!
        for (logical, block) in request.blockTable.enumerated() {
            #expect(frame.highlight.logical(of: block.index) == logical)
        }
        let others = state.snapshot.blocks.filter { !request.blockTable.contains($0.id) }
        #expect(others.allSatisfy { frame.highlight.logical(of: $0.id.index) == nil })
    }

    @Test func aClickOnATableRowFocusesThatRequest() throws {
        var state = try Self.running()
        let layout = state.layout
        let inner = layout.tables.inset(by: 1)
        let lines = BlockTables.visibleLines(Frame(state: state), width: inner.width, height: inner.height)
        let target = try #require(lines.indices.last { lines[$0].request != nil })
        _ = dispatch(&state, .click(x: inner.x + 1, y: inner.y + target))
        #expect(state.focusedRequest == lines[target].request)
        #expect(state.focus == .tables)
        _ = dispatch(&state, .click(x: inner.x + 1, y: inner.y + target))
        #expect(state.focusedRequest == nil, "a second click on the row lets go")
    }

    @Test func focusModeEnlargesTheBlockViewAndUsesFullAndLightBlocks() throws {
        var state = try Self.running()
        let before = state.layout
        _ = dispatch(&state, .toggleFocusMode)
        #expect(state.focusMode)
        #expect(state.layout.sequences.isEmpty)
        #expect(state.layout.grid.height > before.grid.height)
        let text = Fixtures.render(state).plainText()
        #expect(text.contains("█") && text.contains("stored"))
        #expect(action(forKey: .char("f")) == .toggleFocusMode)
        _ = dispatch(&state, .toggleFocusMode)
        #expect(state.layout == before)
    }
}
