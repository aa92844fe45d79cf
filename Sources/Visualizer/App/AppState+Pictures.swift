import Engine
import KVCore
import Narration

/// The pictures drawn over the block view: the logical -> physical mapping (`m`, or a cue's
/// `show: [mapping]`) and the attention sweep (`a`, or a cue's `show: [sweep]`). Both are view
/// state only: nothing here moves the engine.
extension AppState {
    /// What the cue on screen asks to show (nothing without a cue).
    var cuePictures: NarrationPictures {
        guard let firing = track.firing(at: engine.step) else { return .none }
        return track.script.cues[firing.cue].pictures
    }

    /// True when the mapping is drawn: `m` decides once pressed, else the cue; always during a
    /// sweep; never in the contiguous view (it has no grid).
    var showsMapping: Bool {
        guard viewMode != .contiguous else { return false }
        return sweep != nil || (mappingChoice ?? cuePictures.shows(.mapping))
    }

    /// The request the grid numbers and the mapping draws: the one the user focused, else the
    /// one the cue names (when it holds blocks now).
    var pictureFocus: RequestID? {
        if let focusedRequest { return focusedRequest }
        guard let id = cuePictures.focus.map(RequestID.init), snapshot.position(of: id) != nil else { return nil }
        return id
    }

    /// `m`: the mapping on or off, whatever the walkthrough says, until the chapter changes.
    mutating func toggleMapping() {
        mappingChoice = !showsMapping
    }

    /// `a`: starts the sweep of this decode step's query (the request the grid highlights), or
    /// stops a running one. Nothing on a step without decode.
    mutating func toggleSweep() {
        if sweep != nil {
            sweep = nil
            return
        }
        sweep = makeSweep()
    }

    private func makeSweep() -> AttentionSweep? {
        // The contiguous view has no grid to sweep.
        guard viewMode != .contiguous else { return nil }
        let highlight = GridHighlight(snapshot, focused: pictureFocus)
        guard highlight.reason == .attention, let request = highlight.request else { return nil }
        return AttentionSweep(snapshot, request: request)
    }

    /// After the engine moved: a sweep of another step ends; a cue with `show: [sweep]` starts
    /// one at the step it fires.
    mutating func refreshSweep() {
        if let sweep, sweep.step != engine.step { self.sweep = nil }
        guard sweep == nil, let firing = track.firing(at: engine.step), firing.step == engine.step,
              track.script.cues[firing.cue].pictures.shows(.sweep) else { return }
        sweep = makeSweep()
    }

    /// Moves a running sweep on; true when one ran (playback waits for it).
    mutating func tickSweep(elapsedSeconds: Double) -> Bool {
        guard var running = sweep else { return false }
        sweep = running.advance(seconds: elapsedSeconds) ? running : nil
        return true
    }
}
