import ArgumentParser
import Foundation
import TerminalCanvas
import Visualizer

/// Starts a list of chapters: interactive on a terminal, a plain-text rendering otherwise.
enum Launcher {
    /// `recorded`: walkthroughs over recordings that the tour plays after the chapters.
    static func show(_ chapters: [Chapter], recorded: [RecordedDemo] = [], options: ViewerOptions, headlessSteps: Int = 6) throws {
        let language = try options.language()
        let speed = try options.validatedSpeed()
        if TerminalCheck.isInteractive {
            BacktraceSetting.ensureNonInteractive()  // normally done already by ViewerOptions.validate
            let session = InteractiveSession(colors: options.colors, appearance: options.appearance(depth:)) {
                var state = try AppState(chapters: chapters, language: language, appearance: $0,
                                         size: Size(width: 120, height: 40), speed: speed, focusMode: options.focus)
                // The tour opens with the orientation; every chapter with its summary.
                state.openInteractively(orientation: chapters.count > 1)
                state.followedBy = recorded.first.map { LocalizedText(en: $0.walkthrough.title.en, zh: $0.walkthrough.title.zh) }
                return state
            }
            let status = recorded.isEmpty ? try session.run()
                : try TourRunner(session: session, hasChapters: !chapters.isEmpty, recorded: recorded, language: language).run()
            if status != 0 { throw ExitCode(status) }
            return
        }
        if chapters.isEmpty, let first = recorded.first {
            // Not a terminal: the recorded walkthrough's first cue and the screen at its frame.
            RecordedText.print(first, language: language)
            return
        }
        // Not a terminal: print what the first steps look like and exit 0.
        let state = try AppState(chapters: chapters, language: language, colors: false,
                                 size: Size(width: 100, height: 32), speed: speed, focusMode: options.focus)
        HeadlessRenderer.printText(state, steps: headlessSteps, speed: speed)
    }
}
