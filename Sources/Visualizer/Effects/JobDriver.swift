import TerminalCanvas

/// How the run loop performs a `Job` off the input path: a slice at a time, asking between
/// slices whether a key cancelled it, and showing its progress once it has taken longer than
/// `progressAfter`. The terminal is reached only through the two closures, so tests drive it
/// with scripted input.
public struct JobDriver {
    /// What the keyboard (or the terminal) said between two slices.
    public enum Interrupt: Sendable, Equatable {
        /// Esc: drop the job, keep the state from before the key.
        case cancel
        /// q or a terminating signal: drop the job and leave.
        case quit
        /// The terminal changed size: applied to whichever state the job leaves.
        case resize(Size)
        /// Any other key: it waits for the job and is applied after it (the run loop keeps it);
        /// the progress line says how many keys wait.
        case held
    }

    /// What a key (or a resize) pressed while a job runs does to it: only Esc cancels, q quits,
    /// every other key waits for the job to end.
    public static func interrupt(for action: Action) -> Interrupt {
        switch action {
        case .escape: .cancel
        case .quit: .quit
        case let .resize(size): .resize(size)
        default: .held
        }
    }

    /// How a job ended.
    public enum Outcome {
        /// Finished: the state it produced.
        case done(AppState)
        /// Cancelled: the state from before the key, exactly as it was (resized if the terminal was).
        case cancelled(AppState)
        case quit
    }

    /// A job shorter than this shows no progress line at all.
    public var progressAfter = Duration.milliseconds(100)
    /// How long a slice runs before the keyboard is read again.
    public var sliceLength = Duration.milliseconds(30)

    public init() {}

    /// Runs `job` on `next` (the state `update` returned) while `shown` (the state from before
    /// the key) stays on screen. `poll` returns what arrived since the last slice (nothing:
    /// an empty array); `show` draws `shown` with the progress line.
    public func perform(_ job: Job, on next: AppState, showing shown: AppState,
                        poll: () -> [Interrupt], show: (AppState, JobProgress) -> Void) -> Outcome {
        var run = JobRun(job, on: next)
        var shown = shown
        var resized: Size?
        var held = 0
        let start = ContinuousClock.now
        while !run.isDone {
            run.advance(until: ContinuousClock.now + sliceLength)
            for interrupt in poll() {
                switch interrupt {
                case .cancel: return .cancelled(Self.resize(shown, to: resized))
                case .quit: return .quit
                case let .resize(size):
                    resized = size
                    shown = Self.resize(shown, to: size)
                case .held: held += 1
                }
            }
            if !run.isDone, ContinuousClock.now - start > progressAfter {
                show(shown, run.progress.waiting(held))
            }
        }
        guard let finished = run.result else { return .cancelled(shown) }
        return .done(Self.resize(finished, to: resized))
    }

    private static func resize(_ state: AppState, to size: Size?) -> AppState {
        guard let size else { return state }
        return update(state, .resize(size)).0
    }
}
