import Engine
import Foundation
import KVCore
import KVScenario
import TerminalCanvas
import Testing
@testable import Visualizer

/// The hybrid walkthrough (practice 06: a full and a ~32 group, up to three requests holding
/// blocks, tables longer than an 80-column row) played to its end at 80x24 and 120x40, en and
/// zh: at every step each table line the panel shows is one group's row of one request, tagged
/// with its group and no wider than the panel; a request's rows are shown all or none; what is
/// left out is counted (on the panel's bottom border); an elided row's count (`…N`) is the
/// number of its oldest logical blocks not drawn, the rest being the table's newest entries.
@Suite struct HybridTablesFitTests {
    static let walkthrough = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demos/practice/06-hybrid-kv-cache.yaml").path

    @Test(arguments: GoldenFrameTests.sizes)
    func everyShownRowIsOneLabelledGroupRow(size: Size) throws {
        for language in Language.allCases {
            var state = try AppState(chapters: [Chapter(Scenario.run(path: Self.walkthrough))], language: language,
                                     colors: false, size: size)
            var elided = false
            repeat {
                try check(state, context: "\(size.width)x\(size.height) \(language.rawValue) step \(state.snapshot.step)",
                          elided: &elided)
                _ = dispatch(&state, .stepForward)
            } while !state.engine.isComplete
            if size.width == 80 { #expect(elided, "the 80-column run never had a table too long for its row") }
        }
    }

    private func check(_ state: AppState, context: String, elided: inout Bool) throws {
        let inner = state.layout.tables.inset(by: 1)
        let frame = Frame(state: state)
        let (lines, more) = BlockTables.visible(frame, width: inner.width, height: inner.height)
        #expect(lines.count <= inner.height, "\(context)")
        let tags = ["full", "全量", "~32"]
        var rows: [RequestID: [String]] = [:]
        for line in lines {
            let text = line.spans.map(\.text).joined()
            #expect(DisplayWidth.of(text) <= inner.width, "\(context): \(text)")
            guard let id = line.request else { continue }
            rows[id, default: []].append(text)
            #expect(tags.contains { text.contains($0) }, "\(context): an unlabelled row '\(text)'")
        }
        let holders = state.snapshot.holders.map { state.snapshot.requests[$0] }
        for request in holders {
            let shown = rows[request.id] ?? []
            #expect(shown.isEmpty || shown.count == request.groupTables.count, "\(context): \(request.label) cut: \(shown)")
            guard let full = shown.first else { continue }
            let cells = full.split(separator: " ").map(String.init)
            let blocks = cells.filter { $0.hasPrefix("#") }
            let count = cells.first { $0.hasPrefix("…") }.flatMap { Int($0.dropFirst()) } ?? 0
            if count > 0 { elided = true }
            #expect(count + blocks.count == request.blockTable.count, "\(context): \(full)")
            #expect(blocks == request.blockTable.suffix(blocks.count).map { "#\($0.index)" }, "\(context): \(full)")
        }
        if rows.count < holders.count {
            #expect(more?.contains("more table") == true || more?.contains("个块表") == true,
                    "\(context): hidden tables not counted: \(more ?? "nothing")")
        }
    }
}
