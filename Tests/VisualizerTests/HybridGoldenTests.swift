import Engine
import Foundation
import KVScenario
import TerminalCanvas
import Testing
@testable import Visualizer

/// A hybrid model's screen (`kv_groups: [full, sliding 8]`, Tests/Fixtures/scenarios/
/// hybrid-groups.yaml) at the first step where two requests hold blocks and a sliding-window
/// block went back to the pool behind the window while its request still runs: the grid's `A~n` marks, the freed cached
/// blocks, and the block tables with one row per group and holes. 80x24 and 120x40, en and zh.
@Suite struct HybridGoldenTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scenarios/hybrid-groups.yaml").path

    /// True once two requests hold blocks and a running request's sliding table has a hole (a
    /// block freed behind the window).
    static func freedBehindWindow(_ snapshot: Snapshot) -> Bool {
        snapshot.holders.count >= 2 && snapshot.requests.contains { request in
            request.status == .running && request.groupTables.contains { $0.attention.window != nil && $0.blocks.contains(nil) }
        }
    }

    static func state(size: Size, language: Language) throws -> AppState {
        var state = try AppState(chapters: [Chapter(Scenario.run(path: file))], language: language, colors: false, size: size)
        while !freedBehindWindow(state.snapshot), !state.engine.isComplete { _ = dispatch(&state, .stepForward) }
        try #require(freedBehindWindow(state.snapshot), "the hybrid scenario never frees a block behind the window")
        return state
    }

    @Test func plainTextFrames() throws {
        for size in GoldenFrameTests.sizes {
            for language in Language.allCases {
                let state = try Self.state(size: size, language: language)
                Golden.check(Fixtures.render(state).plainText(), named: "hybrid-groups-\(size.width)x\(size.height)-\(language.rawValue)")
            }
        }
    }

    /// Each request's rows are its groups' tables: a full row naming every block of the primary
    /// table, and a sliding row whose holes are the hole mark and whose blocks are the manager's.
    @Test func tableRowsAreTheSnapshotsGroupTables() throws {
        let state = try Self.state(size: Size(width: 120, height: 40), language: .en)
        let frame = Frame(state: state)
        let lines = BlockTables.lines(frame, width: 200, height: 40)
        for request in state.snapshot.holders.map({ state.snapshot.requests[$0] }) {
            #expect(request.groupTables.count == 2)
            let rows = lines.filter { $0.request == request.id }.map { $0.spans.map(\.text).joined() }
            try #require(rows.count == 2, "\(rows)")
            let full = rows[0].split(separator: " ").filter { $0.hasPrefix("#") }.map(String.init)
            #expect(full == request.blockTable.map { "#\($0.index)" })
            let sliding = rows[1].split(separator: " ").suffix(request.groupTables[1].blocks.count).map(String.init)
            #expect(sliding == request.groupTables[1].blocks.map { $0.map { "#\($0.index)" } ?? BlockTables.holeMark })
        }
    }
}
