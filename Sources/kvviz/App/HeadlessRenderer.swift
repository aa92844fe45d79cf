import ArgumentParser
import TerminalCanvas
import Visualizer

/// What `kvviz render` writes.
enum RenderFormat: String, ExpressibleByArgument, CaseIterable {
    case text, ansi, cast
}

/// Frames of a walkthrough without a terminal: plain text, ANSI, or an asciicast v2 recording.
struct HeadlessRenderer {
    var state: AppState
    let steps: Int
    let format: RenderFormat
    let title: String
    /// Seconds between frames in a recording.
    let frameInterval: Double

    /// Renders frames for steps 0...steps (fewer when the walkthrough ends first) and calls
    /// `emit` with each piece of output, so long recordings stream instead of piling up.
    mutating func render(_ emit: (String) -> Void) {
        var canvas = Canvas(size: state.size)
        let cast = AsciicastWriter(size: state.size, title: title)
        if format == .cast { emit(cast.header()) }
        var time = 0.0
        var lastNarration: NarrationText?
        for frame in 0...max(0, steps) {
            canvas.clear()
            view(state, into: &canvas)
            switch format {
            case .text:
                emit("── frame \(frame) · step \(state.snapshot.step) ──\n" + canvas.plainText() + "\n")
            case .ansi:
                emit(canvas.ansi() + "\n")
            case .cast:
                if let narration = state.narration, narration != lastNarration {
                    emit(cast.marker(state.language == .zh ? narration.text.zh : narration.text.en, at: time))
                    lastNarration = narration
                }
                emit(cast.frame(canvas, at: time))
            }
            time += frameInterval
            if frame == steps || (state.engine.isComplete && state.chapterIndex == state.chapters.count - 1) { break }
            _ = update(&state, .stepForward)
        }
    }
}
