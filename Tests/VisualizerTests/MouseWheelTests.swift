import Engine
import TerminalCanvas
import Testing
@testable import Visualizer

@Suite struct MouseWheelTests {
    /// A memory run with many requests at 80x24: more sequences than rows.
    static func crowded() throws -> AppState {
        let engine = try Fixtures.largeEngine(blocks: 400, requests: 40)
        var state = try Fixtures.state([Fixtures.chapter { engine }], size: Size(width: 80, height: 24))
        for _ in 0..<30 { _ = dispatch(&state, .stepForward) }
        return state
    }

    @Test func wheelOverTheSequencesScrollsTheirRows() throws {
        var state = try Self.crowded()
        let area = state.layout.sequences
        try #require(!area.isEmpty)
        let before = Fixtures.render(state).plainTextLines()[area.y + 1]
        _ = dispatch(&state, .scroll(x: area.x + 2, y: area.y + 1, lines: 3))
        #expect(state.sequenceScroll == 3)
        let after = Fixtures.render(state).plainTextLines()[area.y + 1]
        #expect(before != after, "the first row shown changes")
        _ = dispatch(&state, .scroll(x: area.x + 2, y: area.y + 1, lines: -10))
        #expect(state.sequenceScroll == 0, "never above the first row")
        for _ in 0..<100 { _ = dispatch(&state, .scroll(x: area.x + 2, y: area.y + 1, lines: 1)) }
        #expect(state.sequenceScroll <= state.snapshot.requests.count, "never past the last row")
    }

    @Test func wheelOverTheBlockTablesMovesTheFocusedRequest() throws {
        var state = try Self.crowded()
        let area = state.layout.tables
        try #require(!area.isEmpty)
        _ = dispatch(&state, .scroll(x: area.x + 2, y: area.y + 2, lines: 1))
        #expect(state.focus == .tables)
        let first = try #require(state.focusedRequest)
        _ = dispatch(&state, .scroll(x: area.x + 2, y: area.y + 2, lines: 1))
        #expect(state.focusedRequest != first)
        _ = dispatch(&state, .scroll(x: area.x + 2, y: area.y + 2, lines: -1))
        #expect(state.focusedRequest == first)
    }

    @Test func wheelElsewhereChangesNothing() throws {
        var state = try Self.crowded()
        let before = Fixtures.render(state)
        _ = dispatch(&state, .scroll(x: 0, y: 0, lines: 1))
        _ = dispatch(&state, .scroll(x: -4, y: 999, lines: -1))
        #expect(Fixtures.render(state) == before)
    }
}
