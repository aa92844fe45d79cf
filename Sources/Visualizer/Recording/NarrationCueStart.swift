/// Whether a narration cue starts on the frame `state` shows: the narration track fired a cue at
/// exactly this step. A cue whose live figures change its text later is still the same cue, and a
/// cue that fires with the same words as the one before is still a new cue.
enum NarrationCueStart {
    static func startsHere(_ state: AppState) -> Bool {
        guard state.narration != nil, let firing = state.track.firing(at: state.snapshot.step) else { return false }
        return firing.step == state.snapshot.step
    }
}
