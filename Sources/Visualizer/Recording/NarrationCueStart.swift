/// Whether a narration cue starts on the frame `state` shows: the cue on screen fired at this
/// step. A cue whose `live` figures change from step to step (a countdown) starts only once.
enum NarrationCueStart {
    static func startsHere(_ state: AppState, previousText: String?, frame: Int) -> Bool {
        guard let narration = state.narration else { return false }
        let step = state.snapshot.step
        if let firing = state.track.firing(at: step) { return firing.step == step }
        if narration.pause { return true }
        return narration.text.text(state.language) != previousText
    }
}
