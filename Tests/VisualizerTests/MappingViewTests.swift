import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The mapping drawn for a request is its block table: at every step of paged-attention and
/// parallel-sampling, for every request holding blocks, at 80x24 and 120x40, read back from the
/// drawing's model (each line's ends) and from the drawn cells (labels, box glyphs on every
/// routed cell, or the strip's `L0→#2` pairs in the grid's title).
@Suite("Mapping view")
struct MappingViewTests {
    static let boxGlyphs = Set("─│┌┐└┘├┤┬┴┼")

    @Test(arguments: ["06-paged-attention.yaml", "09-parallel-sampling.yaml"])
    func mappingEqualsTheBlockTableAtEveryStep(file: String) throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: .en, colors: false,
                                 size: Size(width: 120, height: 40))
        var checked = (routed: 0, strip: 0)
        for _ in 0...200 {
            for size in [Size(width: 120, height: 40), Size(width: 80, height: 24)] {
                state.size = size
                if !state.showsMapping { _ = dispatch(&state, .toggleMapping) }
                for position in state.snapshot.holders {
                    state.focusedRequest = state.snapshot.requests[position].id
                    let counts = try Self.checkMapping(state, place: "\(file) \(size.width)x\(size.height) step \(state.snapshot.step)")
                    checked.routed += counts.routed
                    checked.strip += counts.strip
                }
                state.focusedRequest = nil
            }
            if state.snapshot.isComplete { break }
            _ = dispatch(&state, .stepForward)
        }
        #expect(checked.routed > 10, "few routed mappings checked: \(checked.routed)")
        #expect(checked.strip > 10, "few strips checked: \(checked.strip)")
    }

    /// Checks one screen; returns how many tables it read back routed and as a strip.
    static func checkMapping(_ state: AppState, place: String) throws -> (routed: Int, strip: Int) {
        let frame = Frame(state: state)
        let plan = frame.mapping
        let focused = try #require(state.focusedRequest)
        let table = try #require(state.snapshot.request(focused)).blockTable
        let first = try #require(plan.rows.first, "\(place): no table drawn")
        #expect(first.request == focused && first.table == table, "\(place): first row is not the focused table")
        for row in plan.rows {
            #expect(row.table == state.snapshot.request(row.request)?.blockTable, "\(place): \(row.label)'s row differs")
        }
        let canvas = Fixtures.render(state)
        switch plan.form {
        case .off:
            Issue.record("\(place): mapping off")
            return (0, 0)
        case let .routed(band, labels, routes):
            let geometry = plan.geometry
            for (index, row) in plan.rows.enumerated() {
                let lines = routes.lines.filter { $0.row == index }.sorted { $0.logical < $1.logical }
                #expect(lines.map(\.block) == row.table.map(\.index), "\(place): \(row.label)'s lines are not its table")
                for line in lines {
                    let label = try #require(labels.first { $0.row == index && $0.logical == line.logical })
                    #expect(Self.text(canvas, at: Point(x: label.x, y: band.y), count: label.text.count) == "L\(line.logical)",
                            "\(place): label L\(line.logical) not drawn")
                    #expect(label.x...(label.x + label.text.count - 1) ~= line.start.x && line.start.y == band.y + 1,
                            "\(place): \(row.label) L\(line.logical) does not start under its label")
                    let cell = geometry.rect(ofCell: geometry.cell(ofBlock: line.block))
                    #expect(line.end.x == cell.maxX && (cell.y..<cell.maxY).contains(line.end.y),
                            "\(place): \(row.label) L\(line.logical) does not end beside #\(line.block)")
                    for (a, b) in zip(line.path, line.path.dropFirst()) {
                        #expect(abs(a.x - b.x) + abs(a.y - b.y) == 1, "\(place): line L\(line.logical) breaks at \(a)")
                    }
                    for point in line.path {
                        #expect(Self.boxGlyphs.contains(canvas[point].glyph), "\(place): no line drawn at \(point)")
                        let inCell = (0..<geometry.cellCount).contains { geometry.rect(ofCell: $0).contains(point) }
                        #expect(!inCell, "\(place): line L\(line.logical) runs over a block at \(point)")
                    }
                }
            }
            return (plan.rows.count, 0)
        case .strip:
            let grid = frame.layout.grid
            let title = Self.text(canvas, at: Point(x: grid.x, y: grid.y), count: grid.width)
            let pairs = Self.pairs(in: title)
            let expected = plan.rows.flatMap { $0.table.enumerated().map { ($0.offset, $0.element.index) } }
            #expect(!pairs.isEmpty, "\(place): no strip in '\(title)'")
            #expect(pairs.count <= expected.count && zip(pairs, expected).allSatisfy { $0 == $1 },
                    "\(place): strip \(pairs) is not the table \(expected)")
            if !title.contains("…") {
                #expect(pairs.count == expected.count, "\(place): strip cut without a mark: '\(title)'")
            }
            return (0, plan.rows.count)
        }
    }

    /// The `L<n>→#<m>` pairs of a title, in order.
    static func pairs(in title: String) -> [(Int, Int)] {
        title.split(separator: " ").compactMap { word in
            let parts = word.split(separator: "→")
            guard parts.count == 2, parts[0].hasPrefix("L"), parts[1].hasPrefix("#"),
                  let logical = Int(parts[0].dropFirst()), let block = Int(parts[1].dropFirst()) else { return nil }
            return (logical, block)
        }
    }

    static func text(_ canvas: Canvas, at point: Point, count: Int) -> String {
        String((0..<count).map { canvas[point.x + $0, point.y].glyph })
    }

    @Test func aggregatedGridWritesTheStrip() throws {
        var state = try Fixtures.state([Fixtures.chapter { try Fixtures.largeEngine() }], colors: false)
        Fixtures.step(&state) { $0.step >= 30 }
        _ = dispatch(&state, .toggleMapping)
        state.focusedRequest = state.snapshot.requests[try #require(state.snapshot.holders.first)].id
        let frame = Frame(state: state)
        guard case .strip = frame.mapping.form else {
            Issue.record("an 8,000-block grid should write the strip")
            return
        }
        let counts = try Self.checkMapping(state, place: "8000 blocks")
        #expect(counts.strip == frame.mapping.rows.count)
    }

    @Test func mKeyTurnsTheMappingOffAndOn() throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter("06-paged-attention.yaml")], language: .en,
                                 colors: false, size: Size(width: 120, height: 40))
        _ = dispatch(&state, .stepForward)
        #expect(state.showsMapping, "the step 1 cue shows the mapping")
        let before = state.snapshot
        _ = dispatch(&state, .toggleMapping)
        #expect(!state.showsMapping)
        #expect(!Frame(state: state).mapping.isOn)
        _ = dispatch(&state, .toggleMapping)
        #expect(Frame(state: state).mapping.isRouted)
        #expect(state.snapshot == before, "the mapping moved the engine")
    }
}
