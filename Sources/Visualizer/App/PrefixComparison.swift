import Engine

/// After `p`, the run with the other prefix-caching setting, kept as its K/V computed so far at
/// every step, so the counter line can show both figures side by side ("with prefix caching
/// 115 K/V, without 199") while the replay plays. Built by the `p` job (`JobRun`), which runs
/// that engine to its end a slice at a time; `view` only reads it.
public struct PrefixComparison: Sendable, Equatable {
    /// Whether the other run had prefix caching on.
    let otherCaches: Bool
    /// kvComputed[s]: the other run's K/V computed by step s (its last value after it ended).
    let kvComputed: [Int]

    /// The other run's K/V computed by `step`.
    func otherKVComputed(at step: Int) -> Int {
        kvComputed[min(max(0, step), kvComputed.count - 1)]
    }

    /// The other run in progress, its K/V computed total kept at every step.
    typealias Recording = OtherRunRecording<Int>
}

extension OtherRunRecording<Int> {
    /// The other prefix-caching setting's run, recording its K/V computed so far.
    init?(prefixComparisonOf config: EngineConfig, requests: [EngineRequest], maxSteps: Int) {
        self.init(config: config, requests: requests, maxSteps: maxSteps) { $0.counters.kvComputedTotal }
    }

    var comparison: PrefixComparison {
        PrefixComparison(otherCaches: other.prefixCaching, kvComputed: figures)
    }
}
