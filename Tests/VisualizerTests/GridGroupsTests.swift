import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// Aggregated grid cells (several blocks per cell) name every request that holds blocks, so a
/// teacher can point at each one: by a cell's label, or (several small requests in one cell) by
/// the list on the legend row.
@Suite("Aggregated cells name every request")
struct GridGroupsTests {
    /// Checks one state: a labelled cell holds blocks of the request it names, and `unnamed`
    /// lists exactly the holders no cell names, each at a cell holding its blocks; the legend
    /// row shows the list.
    static func check(_ state: AppState, place: String) {
        let snapshot = state.snapshot
        let geometry = state.layout.gridGeometry(for: snapshot)
        guard geometry.form == .compact, geometry.blocksPerCell > 1 else { return }
        let groups = GridGroups(snapshot, blocksPerCell: geometry.blocksPerCell, cellCount: geometry.cellCount)
        var named = Set<RequestID>()
        for (index, cell) in groups.cells.enumerated() {
            guard let owner = cell.owner else { continue }
            named.insert(owner)
            let holds = snapshot.request(owner)?.blockTable.contains { geometry.cell(ofBlock: $0.index) == index } ?? false
            #expect(holds, "\(place): cell \(index) names \(owner) without its blocks")
        }
        let holders = snapshot.requests.filter { !$0.blockTable.isEmpty }
        let missing = holders.filter { !named.contains($0.id) }.map(\.id)
        // Whoever no cell names is listed (with a cell that holds its blocks) on the legend row.
        #expect(missing == groups.unnamed.map(\.request), "\(place): \(missing) unnamed, listed \(groups.unnamed.map(\.request))")
        for (request, first) in groups.unnamed {
            let cell = geometry.cell(ofBlock: first)
            #expect(snapshot.request(request)?.blockTable.contains { geometry.cell(ofBlock: $0.index) == cell } == true,
                    "\(place): \(request) listed at \(first) without blocks there")
        }
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func servingRunNamesEveryHolder(size: Size) throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter("12-serving-run.yaml")], language: .en,
                                 colors: false, size: size)
        for _ in 0..<300 where !state.snapshot.isComplete {
            Self.check(state, place: "serving-run \(size) step \(state.snapshot.step)")
            _ = dispatch(&state, .stepForward)
        }
    }

    @Test func largePoolNamesEveryHolder() throws {
        var state = try Fixtures.state([Fixtures.chapter { try Fixtures.largeEngine() }],
                                       size: Size(width: 80, height: 24), colors: false)
        for _ in 0..<200 where !state.snapshot.isComplete {
            Self.check(state, place: "8000 blocks step \(state.snapshot.step)")
            _ = dispatch(&state, .stepForward)
        }
    }
}
