import Engine

/// Left (or the arrows outside the grid): one step back. Usually the engine undoes the step or
/// restores a kept state at once, and `update` does it; but a step back into an older stretch of
/// a long run replays part of it from a keyframe (up to an interval of the history, thousands of
/// steps on a long run), and that is work, not an update: a job (`JobRun`), with a progress line
/// past 100 ms and Esc to cancel it.
extension AppState {
    /// The most replayed steps a step back does inside `update` (a few milliseconds): the first
    /// step back after going forward replays at most the history's live spacing, 64 steps.
    static let replaysInUpdate = 64

    /// One step back, at once or as a job (nothing at step 0).
    mutating func stepBack() -> [Effect] {
        let target = engine.step - 1
        guard target >= 0 else { return [] }
        if engine.stepsReplayed(goingBackTo: target) > Self.replaysInUpdate {
            return [.run(Job(work: .seek(target: target)))]
        }
        moveEngine(.back)
        return []
    }
}
