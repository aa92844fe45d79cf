/// What `update` asks the run loop to do besides redrawing. `update` itself only changes the
/// state: anything that moves the engine more than a step or two is handed back as a `Job`,
/// which the run loop performs in slices between reading keys (`JobRun`), so a long replay shows
/// a progress line and Esc cancels it.
public enum Effect: Sendable, Equatable {
    /// Leave the session.
    case quit
    /// Perform `Job` on a copy of the state and show the result when it is done.
    case run(Job)
    /// Leave the session for the walkthrough the tour goes on to after the last chapter
    /// (`AppState.followedBy`, a recorded walkthrough played outside this state).
    case leave
}
