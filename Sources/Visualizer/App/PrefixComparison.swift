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

    /// The other run in progress: stepped a slice at a time until it ends (or `maxSteps`).
    struct Recording: Sendable {
        private var other: Engine
        private var totals: [Int]
        private let maxSteps: Int

        init?(config: EngineConfig, requests: [EngineRequest], maxSteps: Int) {
            guard let other = try? Engine(config: config, requests: requests) else { return nil }
            self.other = other
            self.totals = [other.snapshot.counters.kvComputedTotal]
            self.maxSteps = maxSteps
        }

        /// Steps the other run recorded so far.
        var steps: Int { totals.count - 1 }
        var isDone: Bool { other.isComplete || steps >= maxSteps }

        /// Runs at most `steps` more steps.
        mutating func advance(steps: Int) {
            var left = steps
            while left > 0, !isDone {
                other.stepForward()
                totals.append(other.snapshot.counters.kvComputedTotal)
                left -= 1
            }
        }

        var comparison: PrefixComparison {
            PrefixComparison(otherCaches: other.prefixCaching, kvComputed: totals)
        }
    }
}
