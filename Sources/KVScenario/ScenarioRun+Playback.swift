import Engine
import Narration

extension ScenarioRun {
    /// Plays the run headless from step 0 to its end (or `maxSteps`), recording its narration from
    /// every snapshot as the app does; `each` sees every step with the track recorded through it.
    /// What the tests and checks of a walkthrough use to see what each step would show.
    @discardableResult
    public func played(maxSteps: Int = 5_000, _ each: (Snapshot, NarrationTrack) -> Void = { _, _ in }) throws -> NarrationTrack {
        var engine = try makeEngine()
        var track = NarrationTrack(script: script())
        track.record(engine.snapshot)
        each(engine.snapshot, track)
        while !engine.isComplete, engine.step < maxSteps {
            engine.stepForward()
            track.record(engine.snapshot)
            each(engine.snapshot, track)
        }
        return track
    }
}
