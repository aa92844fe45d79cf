import Engine

/// The other run behind a side-by-side counter (`p`: the other prefix-caching setting; `k`/`K`:
/// the block size before): an engine stepped a slice at a time until it ends (or `maxSteps`),
/// one figure kept per step. Stepped by a job (`JobRun`); what it leaves is all `view` reads.
struct OtherRunRecording<Figure: Sendable>: Sendable {
    private(set) var other: Engine
    /// figures[s]: the other run's figure at step s.
    private(set) var figures: [Figure]
    private let maxSteps: Int
    private let figure: @Sendable (Snapshot) -> Figure

    init?(config: EngineConfig, requests: [EngineRequest], maxSteps: Int,
          figure: @escaping @Sendable (Snapshot) -> Figure) {
        guard let other = try? Engine(config: config, requests: requests) else { return nil }
        self.other = other
        self.figures = [figure(other.snapshot)]
        self.maxSteps = maxSteps
        self.figure = figure
    }

    /// Steps the other run recorded so far.
    var steps: Int { figures.count - 1 }
    var isDone: Bool { other.isComplete || steps >= maxSteps }

    /// Runs at most `steps` more steps.
    mutating func advance(steps: Int) {
        var left = steps
        while left > 0, !isDone {
            other.stepForward()
            figures.append(figure(other.snapshot))
            left -= 1
        }
    }
}
