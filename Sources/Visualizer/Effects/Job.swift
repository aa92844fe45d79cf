import Engine

/// Work that moves the engine many steps or builds a new one: what `p`, `c`, `k`, Home, End, `j`
/// and a change of chapter ask for. `update`
/// only describes it; `JobRun` performs it on a copy of the state, so the state on screen is
/// untouched until the job is done (and stays exactly as it was when it is cancelled).
public struct Job: Sendable, Equatable {
    enum Work: Sendable, Equatable {
        /// `p` and `c`: the same requests run again with the first of `configs` whose engine
        /// builds, from step 0 to `step`. With `comparison`, the run with that config then goes
        /// on to its end, for the counter line's side-by-side figures.
        case replay(configs: [EngineConfig], step: Int, comparison: EngineConfig?)
        /// `k` and `K`: the same requests run again with the first of `configs` (other block
        /// sizes) whose engine builds, from step 0 to `step`; then the `previous` run goes on to
        /// its end, for the counter line's hit rate at both sizes.
        case reblock(configs: [EngineConfig], step: Int, previous: EngineConfig)
        /// Home, or Space at the end of a run: to step `target`.
        case seek(target: Int)
        /// End: to the end of the run, at most `maxSteps` more steps.
        case end(maxSteps: Int)
        /// `j`: forward to the next step where a narration cue fires, at most `limit` steps.
        case nextMoment(limit: Int)
        /// `r`, PageUp/PageDown, Right or Space at a chapter's end: chapter `index` from its
        /// start, on an engine built for it.
        case chapter(index: Int)
    }

    let work: Work

    /// The longest run the counter line's comparison plays to its end.
    static let comparisonSteps = 20_000
}
