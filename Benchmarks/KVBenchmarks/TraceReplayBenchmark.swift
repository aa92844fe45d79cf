import Foundation
import KVCore

/// The result of `kvviz bench --trace`: the replay's totals checked against the trace's `end`
/// line, and the replay speed.
public struct TraceReplayReport: Sendable {
    public let trace: String
    public let blockSize: Int
    public let numBlocks: Int
    public let result: TraceReplayResult
    /// Expected totals against the replay; empty when the trace has no `end` line.
    public let checks: [TraceFieldCheck]
    public let hasExpectations: Bool
    /// Timed replays, each on a fresh manager.
    public let runs: Int
    public let bestSeconds: Double
    /// Debug builds check every invariant after every op: their speed means nothing.
    public let isDebugBuild: Bool

    public var totals: TraceReplayTotals { result.totals }
    public var mismatches: [TraceFieldCheck] { checks.filter { !$0.isOK } }
    /// Ops of the fastest run per second. Parsing is not timed.
    public var opsPerSecond: Double { bestSeconds > 0 ? Double(totals.ops) / bestSeconds : 0 }
}

/// Replays a kvtrace through `KVCacheManager`: parse once into a compact op array, then time
/// replays on fresh managers (creating the manager is outside the timed region) and keep the
/// best, as the machine is shared and noisy.
public enum TraceReplayBenchmark {
    public static func run(path: String, minimumRuns: Int = 5, minimumSeconds: Double = 0.3) throws -> TraceReplayReport {
        try run(trace: KVTrace(contentsOf: path), minimumRuns: minimumRuns, minimumSeconds: minimumSeconds)
    }

    public static func run(trace: KVTrace, minimumRuns: Int = 5, minimumSeconds: Double = 0.3) throws -> TraceReplayReport {
        #if DEBUG
        let (minimumRuns, minimumSeconds, isDebugBuild) = (1, 0.0, true)  // one checked run is slow enough
        #else
        let isDebugBuild = false
        #endif
        var best = Double.infinity
        var runs = 0
        var total = 0.0
        var result: TraceReplayResult?
        while runs < max(1, minimumRuns) || (total < minimumSeconds && runs < 1_000) {
            var manager = trace.makeManager()
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = try trace.replay(on: &manager)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if let result, result != outcome { preconditionFailure("replays of one trace differ") }
            result = outcome
            best = min(best, seconds)
            total += seconds
            runs += 1
        }
        let final = result!
        return TraceReplayReport(
            trace: trace.path, blockSize: trace.blockSize, numBlocks: trace.numBlocks, result: final,
            checks: trace.checks(for: final.totals), hasExpectations: trace.expected != nil,
            runs: runs, bestSeconds: best, isDebugBuild: isDebugBuild
        )
    }
}
