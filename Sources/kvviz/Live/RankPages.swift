import KVEvents
import Visualizer

/// The `/metrics` pages of attach: one for the whole server, or one per data-parallel rank. The
/// screen shows the selected rank's figures, their sum over the ranks (`ServerMetrics.sum`) and
/// each rank's problem in the status line.
struct RankPages {
    private(set) var latest: [ServerMetrics?]
    private(set) var problems: [String?]

    init(count: Int) {
        latest = Array(repeating: nil, count: count)
        problems = Array(repeating: nil, count: count)
    }

    mutating func note(_ reading: MetricsPoller.Reading, at index: Int) {
        if let metrics = reading.metrics { latest[index] = metrics }
        problems[index] = reading.problem
    }

    /// The status line's problem: the one page's, or each failing rank's (`r1: ...; r2: ...`).
    var problem: String? {
        guard problems.count > 1 else { return problems.first ?? nil }
        let failing = problems.enumerated().compactMap { index, problem in problem.map { "r\(index): \($0)" } }
        return failing.isEmpty ? nil : failing.joined(separator: "; ")
    }

    /// The figures of rank `rank` (the one page's when there is one) and, with a page per rank,
    /// the sum of those read so far. Returns whether the screen changed.
    func show(rank: Int, on screen: inout LiveScreen) -> Bool {
        let metrics = latest.count > 1 ? latest[min(rank, latest.count - 1)] : latest.first ?? nil
        let total = latest.count > 1 ? ServerMetrics.sum(latest.compactMap { $0 }) : nil
        let read = latest.count > 1 ? latest.compactMap { $0 }.count : 0
        let before = (screen.metrics, screen.metricsTotal, screen.metricsProblem)
        screen.metrics = metrics
        screen.metricsTotal = total.map { LiveScreen.MetricsTotal(metrics: $0, ranks: read, of: latest.count) }
        screen.metricsProblem = problem
        return before.0 != screen.metrics || before.1 != screen.metricsTotal || before.2 != screen.metricsProblem
    }
}
