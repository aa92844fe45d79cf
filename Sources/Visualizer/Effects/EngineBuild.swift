import Dispatch
import Engine

/// A chapter's engine built on another thread, so that a slow build (a large pool, the toy
/// model's weights) leaves the run loop free to draw the progress line and read Esc between
/// waits. Dropping it (Esc) leaves the build to finish on its own and its engine unused.
final class EngineBuild: @unchecked Sendable {
    /// Signalled once, after `built` is written; only then is `built` read (by the waiting
    /// thread alone), so the semaphore orders the two.
    private let finished = DispatchSemaphore(value: 0)
    private var built: Result<Engine, any Error>?
    /// The waiting side has seen the signal (it is given once).
    private var received = false

    /// Starts building `chapter`'s engine at once.
    init(_ chapter: Chapter) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            built = Result { try AppState.build(chapter) }
            finished.signal()
        }
    }

    /// Waits for the engine until `deadline` (nil: as long as it takes). Returns the build's
    /// result once it is done, nil while it is not.
    func result(waitingUntil deadline: ContinuousClock.Instant?) -> Result<Engine, any Error>? {
        if !received {
            if let deadline {
                let left = max(Duration.zero, deadline - ContinuousClock.now)
                let (seconds, attoseconds) = left.components
                let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
                guard finished.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return nil }
            } else {
                finished.wait()
            }
            received = true
        }
        return built
    }
}
