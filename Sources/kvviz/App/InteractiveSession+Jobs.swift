import CursesBackend
import TerminalCanvas
import Visualizer

/// The jobs `update` hands back (a replay for `p` or `c`, Home, End, `j`), performed off the
/// input path by `JobDriver`: the keyboard is read between slices (Esc cancels, q leaves, other
/// keys wait for the job and are applied after it, in order), and the screen from before the key
/// is shown with a progress line.
extension InteractiveSession {
    /// How a job ended, for the loop: the state to show next, or the session's exit status.
    enum JobEnd {
        /// The state to show, and the input that arrived meanwhile, to apply next.
        case show(AppState, later: [Input])
        case exit(Int32)
    }

    static func perform(_ job: Job, on next: AppState, showing shown: AppState,
                        terminal: CursesTerminal, canvas: inout Canvas) -> JobEnd {
        var later: [Input] = []
        let outcome = JobDriver().perform(job, on: next, showing: shown, poll: {
            if terminal.pendingSignal != nil { return [.quit] }
            var interrupts: [JobDriver.Interrupt] = []
            while let input = terminal.readInput(timeoutMs: 0) {
                // A key with no meaning still closes an overlay after the job, as it would now.
                guard let action = action(for: input) ?? (input.isKey ? .otherKey : nil) else { continue }
                let interrupt = JobDriver.interrupt(for: action)
                if interrupt == .held {
                    guard later.count < maxKeysPerBurst else { continue }
                    later.append(input)
                }
                interrupts.append(interrupt)
            }
            return interrupts
        }, show: { state, progress in
            if canvas.size != state.size { canvas = Canvas(size: state.size) }
            canvas.clear()
            view(state, into: &canvas)
            JobProgressLine.draw(progress, language: state.language, on: &canvas)
            terminal.draw(canvas)
        })
        switch outcome {
        case let .done(state), let .cancelled(state):
            return .show(state, later: later)
        case .quit:
            return .exit(terminal.pendingSignal.map(CursesTerminal.exitStatus(forSignal:)) ?? 0)
        }
    }
}
