import Engine

/// What guides a newcomer: the orientation and chapter card that close on the first key, and
/// `j`, which skips to the next narrated moment.
extension AppState {
    /// Closes the orientation or the chapter card for `action`. Returns true when the action is
    /// used up by closing the orientation (it only names the panels; the key that dismisses it
    /// does nothing else). The chapter card closes and lets the key through, so Space or Right
    /// starts the chapter at once. Ticks, resizes, the language and the help leave both up.
    mutating func closeOverlays(for action: Action) -> Bool {
        switch action {
        case .tick, .resize, .toggleLanguage, .toggleHelp, .quit:
            return false
        default:
            // The help is on top: its keys (Esc closes it) come first.
            if showsHelp { return false }
        }
        if showsOrientation {
            showsOrientation = false
            return true
        }
        if showsChapterCard {
            showsChapterCard = false
            return action == .escape
        }
        return false
    }

    /// Steps forward to the next step where a narration cue fires (a chapter without narration:
    /// the next step), or to the end of the run; never further than `limit` steps. Many steps
    /// are a job (`JobRun` walks them); one is taken here.
    mutating func jumpToNextMoment(limit: Int = 100_000) -> [Effect] {
        guard !engine.isComplete else { return stepForwardOrNextChapter() }
        if track.script.isEmpty {
            moveEngine(.forward)
            return []
        }
        return [.run(Job(work: .nextMoment(limit: limit)))]
    }
}
