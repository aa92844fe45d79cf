import Engine

/// After `p`, the run with the other prefix-caching setting, kept as its K/V computed so far at
/// every step, so the counter line can show both figures side by side ("with prefix caching
/// 115 K/V, without 199") while the replay plays. Built in `update` by running that engine to
/// its end once; `view` only reads it.
public struct PrefixComparison: Sendable, Equatable {
    /// Whether the other run had prefix caching on.
    let otherCaches: Bool
    /// kvComputed[s]: the other run's K/V computed by step s (its last value after it ended).
    let kvComputed: [Int]

    /// Runs `engine`'s requests with `config` from step 0 to the end (at most `maxSteps`).
    init?(config: EngineConfig, requests: [EngineRequest], maxSteps: Int = 20_000) {
        guard var other = try? Engine(config: config, requests: requests) else { return nil }
        var totals = [other.snapshot.counters.kvComputedTotal]
        while !other.isComplete, totals.count <= maxSteps {
            other.stepForward()
            totals.append(other.snapshot.counters.kvComputedTotal)
        }
        otherCaches = config.prefixCaching
        kvComputed = totals
    }

    /// The other run's K/V computed by `step`.
    func otherKVComputed(at step: Int) -> Int {
        kvComputed[min(max(0, step), kvComputed.count - 1)]
    }
}
