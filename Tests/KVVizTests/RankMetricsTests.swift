import KVEvents
import TerminalCanvas
import Testing
import Visualizer
@testable import kvviz

/// `attach --metrics` with data-parallel ranks: one page for the server, one per rank, or one
/// per rank derived from rank 0's port; the screen shows the selected rank's and the sum.
@Suite struct RankMetricsTests {
    static func parse(_ events: [String], ranks: Int? = nil, metrics: [String], perRank: Bool = false) throws -> LiveEndpoints {
        try LiveEndpoints.parse(events: events, ranks: ranks, replay: nil, metrics: metrics, metricsPerRank: perRank)
    }

    @Test func onePagePerRankOrOneForTheServer() throws {
        #expect(try Self.parse(["tcp://h:5557"], ranks: 3, metrics: ["http://h:8000/metrics"]).metrics.count == 1)
        let each = try Self.parse(["tcp://h:5557", "tcp://h:5558"], metrics: ["http://a:8000/metrics", "http://b:9000/m"])
        #expect(each.metrics.map(\.text) == ["http://a:8000/metrics", "http://b:9000/m"])
        let derived = try Self.parse(["tcp://h:5557"], ranks: 3, metrics: ["http://h:8000/metrics"], perRank: true)
        #expect(derived.metrics.map(\.url.port) == [8000, 8001, 8002])
        #expect(derived.metrics.map(\.text) == ["http://h:8000/metrics", "http://h:8001/metrics", "http://h:8002/metrics"])
    }

    @Test func mismatchedPagesAreUsageErrors() {
        func message(_ body: () throws -> LiveEndpoints) -> String {
            do { _ = try body(); return "accepted" } catch let error as CLIError { return "\(error.isUsage ? 64 : 1) \(error.message)" } catch { return "\(error)" }
        }
        #expect(message { try Self.parse(["tcp://h:5557"], ranks: 3, metrics: ["http://h:1/m", "http://h:2/m"]) }
            == "64 --metrics: 2 pages for 3 ranks; give one for the whole server, one per rank in rank order, or one with --metrics-per-rank")
        #expect(message { try Self.parse(["tcp://h:5557"], ranks: 2, metrics: ["http://h:1/m", "http://h:2/m"], perRank: true) }.hasPrefix("64 --metrics-per-rank: needs one --metrics URL"))
        #expect(message { try Self.parse(["tcp://h:5557"], ranks: 2, metrics: ["http://h:65535/m"], perRank: true) }.hasPrefix("64 --metrics-per-rank: port 65535 + 1 passes 65535"))
    }

    @Test func screenShowsTheSelectedRankTheSumAndEachRanksProblem() throws {
        var pages = RankPages(count: 3)
        var zero = ServerMetrics(); zero.running = 2; zero.prefixQueries = 100; zero.prefixHits = 10
        var one = ServerMetrics(); one.running = 5; one.prefixQueries = 300; one.prefixHits = 290
        pages.note(.init(metrics: zero, problem: nil, page: [], number: 1), at: 0)
        pages.note(.init(metrics: one, problem: nil, page: [], number: 1), at: 1)
        pages.note(.init(metrics: nil, problem: "http://h:8002/metrics: connection refused", page: [], number: 1), at: 2)
        var screen = LiveScreen(source: "x")
        screen.rankIndex = 1
        #expect(pages.show(rank: 1, on: &screen))
        #expect(screen.metrics == one)
        #expect(screen.metricsTotal?.metrics.running == 7 && screen.metricsTotal?.ranks == 2 && screen.metricsTotal?.of == 3)
        #expect(screen.metricsTotal?.metrics.hitRate == 0.75)
        #expect(screen.metricsProblem == "r2: http://h:8002/metrics: connection refused")
        #expect(!pages.show(rank: 1, on: &screen), "nothing new: no redraw")
        var canvas = Canvas(size: Size(width: 200, height: 30))
        screen.size = canvas.size
        LiveView.draw(screen, on: &canvas)
        let text = canvas.plainText()
        #expect(text.contains("r1: running 5 · waiting ? · preemptions ? · hits 96.7%") && text.contains("all ranks (2 of 3 pages): running 7") && text.contains("hits 75.0%"), "\(text)")
    }
}
