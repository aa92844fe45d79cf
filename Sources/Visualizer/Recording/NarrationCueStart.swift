/// Whether a narration cue starts on the frame `state` shows.
enum NarrationCueStart {
    static func startsHere(_ state: AppState, previousText: String?, frame: Int) -> Bool {
        guard let narration = state.narration else { return false }
        if narration.pause { return true }
        return narration.text.text(state.language) != previousText
    }
}
