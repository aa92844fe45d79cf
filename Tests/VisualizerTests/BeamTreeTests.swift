import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The beam tree is the block tables: read back from the screen at every step of the
/// beam-search walkthrough, each beam's path from the root to its leaf is its block table (the
/// live beams' current tables, the released table of a beam dropped or finished in that step),
/// and each node's ref count is its block's.
@Suite("Beam tree drawn = block tables")
struct BeamTreeTests {
    /// A node read off the screen: its column, block id and ref count.
    struct ReadNode {
        let x: Int
        let block: Int
        let refs: Int
    }

    /// The glyphs of `row` inside `rect`, one per column (a wide glyph's second column is "").
    static func columns(_ canvas: Canvas, row y: Int, in rect: Rect) -> [String] {
        (rect.x..<rect.maxX).map { x in
            let cell = canvas[x, y]
            return cell.isContinuation ? "" : String(cell.glyph)
        }
    }

    /// Parses `#id×refs` nodes and the request labels after the last node of one row.
    static func parse(_ glyphs: [String]) -> (nodes: [ReadNode], labels: [String]) {
        var nodes: [ReadNode] = []
        var x = 0
        var end = 0
        while x < glyphs.count {
            guard glyphs[x] == "#" else { x += 1; continue }
            var cursor = x + 1
            var id = ""
            while cursor < glyphs.count, let digit = glyphs[cursor].first, digit.isNumber { id += glyphs[cursor]; cursor += 1 }
            guard !id.isEmpty, cursor < glyphs.count, glyphs[cursor] == "×" else { x += 1; continue }
            cursor += 1
            var refs = ""
            while cursor < glyphs.count, let digit = glyphs[cursor].first, digit.isNumber { refs += glyphs[cursor]; cursor += 1 }
            nodes.append(ReadNode(x: x, block: Int(id) ?? -1, refs: Int(refs) ?? -1))
            x = cursor
            end = cursor
        }
        let tail = glyphs[min(end, glyphs.count)...].joined()
        let labels = tail.split(separator: " ").map(String.init).filter { word in
            guard let first = word.first, first.isUppercase, first.isASCII else { return false }
            return word.dropFirst().allSatisfy(\.isNumber)
        }
        return (nodes, nodes.isEmpty ? [] : labels)
    }

    /// Every labelled row's path: on each node column up to the row's last node, the node of the
    /// row itself or else of the nearest row above (a sideways tree's trunk is drawn once).
    static func readPaths(_ canvas: Canvas, in inner: Rect) -> (paths: [String: [Int]], refs: [Int: Int], ellipsis: Bool) {
        var rows: [(nodes: [ReadNode], labels: [String])] = []
        var ellipsis = false
        for y in inner.y..<inner.maxY {
            let glyphs = columns(canvas, row: y, in: inner)
            if glyphs.contains("…") { ellipsis = true }
            rows.append(parse(glyphs))
        }
        let xs = Array(Set(rows.flatMap { $0.nodes.map(\.x) })).sorted()
        var paths: [String: [Int]] = [:]
        var refs: [Int: Int] = [:]
        var above: [Int: ReadNode] = [:]
        for row in rows {
            for node in row.nodes {
                above[node.x] = node
                refs[node.block] = node.refs
            }
            // Columns right of this row's own nodes belong to rows above: forget them.
            guard let last = row.nodes.last else { continue }
            for x in xs where x > last.x { above[x] = nil }
            let path = xs.filter { $0 <= last.x }.compactMap { above[$0]?.block }
            for label in row.labels { paths[label] = path }
        }
        return (paths, refs, ellipsis)
    }

    /// The tables the tree must show: live beams now, beams released this step as they were.
    static func expectedPaths(_ snapshot: Snapshot) -> [String: [Int]] {
        var released = Set<RequestID>()
        for event in snapshot.events {
            switch event {
            case let .beamDropped(id, _), let .finished(id): released.insert(id)
            default: break
            }
        }
        var paths: [String: [Int]] = [:]
        for request in snapshot.requests where request.beam != nil {
            if !request.blockTable.isEmpty {
                paths[request.label] = request.blockTable.map(\.index)
            } else if released.contains(request.id), let table = request.beam?.releasedTable, !table.isEmpty {
                paths[request.label] = table.map(\.index)
            }
        }
        return paths
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)], [Language.en, .zh])
    func everyBeamsPathIsItsBlockTable(size: Size, language: Language) throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter("10-beam-search.yaml")], language: language,
                                 colors: false, size: size)
        var stepsWithTree = 0
        var sawDropped = false
        var sawFork = false
        while true {
            let snapshot = state.snapshot
            let expected = Self.expectedPaths(snapshot)
            let rect = state.layout.beamTree
            if expected.isEmpty {
                #expect(rect.isEmpty, "step \(snapshot.step): a tree panel without a beam holding blocks")
            } else {
                try #require(!rect.isEmpty, "step \(snapshot.step): beams hold blocks but no tree is drawn")
                let canvas = Fixtures.render(state)
                let read = Self.readPaths(canvas, in: rect.inset(by: 1))
                #expect(!read.ellipsis, "step \(snapshot.step): the trunk was elided at \(size)")
                #expect(read.paths == expected, "step \(snapshot.step) at \(size) \(language): drawn \(read.paths), tables \(expected)")
                for (block, refs) in read.refs {
                    #expect(snapshot.blocks[block].refCount == refs, "step \(snapshot.step): #\(block) drawn ×\(refs)")
                }
                stepsWithTree += 1
                if snapshot.events.contains(where: { if case .beamDropped = $0 { true } else { false } }) { sawDropped = true }
                if BeamTreeModel.all(snapshot).contains(where: { model in
                    (0..<model.nodeCount).contains { model.node($0).children.count > 1 }
                }) { sawFork = true }
            }
            if state.engine.isComplete { break }
            _ = dispatch(&state, .stepForward)
        }
        #expect(stepsWithTree >= 5)
        #expect(sawDropped && sawFork, "the walkthrough shows no dropped branch or no fork")
    }

    /// A model built from a snapshot: each branch's path through the nodes is its table, and
    /// the drawing marks a branch only dropped beams hold as dashed.
    @Test func droppedBranchIsDashedAndMarked() throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter("10-beam-search.yaml")], language: .en,
                                 colors: false, size: Size(width: 120, height: 40))
        Fixtures.step(&state) { $0.events.contains { if case .beamDropped = $0 { true } else { false } } }
        let model = try #require(BeamTreeModel.all(state.snapshot).first)
        let dropped = try #require(model.branches.first { $0.fate == .dropped })
        let leaf = try #require((0..<model.nodeCount).first { index in
            model.node(index).leaves.contains { model.branches[$0].request == dropped.request }
        })
        #expect(model.path(to: leaf) == dropped.path)
        let text = Fixtures.render(state).plainText()
        #expect(text.contains("✗ \(dropped.label) dropped"))
        #expect(text.contains("╌#"))
    }
}
