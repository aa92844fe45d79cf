import Engine
import KVCore

/// Things that happen in a step that a walkthrough can speak to.
public enum NarrationEventKind: String, CaseIterable, Sendable {
    /// `resumed`: a preempted request admitted again (it recomputes its tokens).
    case admitted, resumed, prefixHit = "prefix_hit", evicted, preempted, copiedOnWrite = "copied_on_write"
    case forked, finished, allocated, allFinished = "all_finished"
    /// The contiguous baseline has run its last request (see `run_until: both`).
    case contiguousFinished = "contiguous_finished"
}

/// One narration entry of a walkthrough: when it fires, until when it stays on screen, what it
/// says in each language and what must be true of the screen while it is shown.
///
/// The texts are templates: a placeholder takes its value from the snapshot on screen (and, for
/// a cue fired by an event, from what that event did); only a figure marked `anchored` keeps the
/// value of the step the cue fired at, and its text then writes that step in (`{anchor}`).
public struct NarrationCue: Sendable {
    public enum Trigger: Sendable, Equatable {
        /// After step N completes (0: before the first step).
        case step(Int)
        /// The first step (or every step, when `once` is false) in which the event happens,
        /// optionally only for one request.
        case event(NarrationEventKind, request: Int?, once: Bool)
    }

    /// Where a cue's scope ends: it is shown from its trigger up to (not including) this moment.
    public enum Scope: Sendable, Equatable {
        /// Until another cue fires (the default).
        case nextCue
        /// Until step N: the cue is gone from step N on.
        case step(Int)
        /// Until the first later step in which the event happens.
        case event(NarrationEventKind, request: Int?)
    }

    public var trigger: Trigger
    public var until: Scope
    public var pause: Bool
    public var en: NarrationTemplate
    public var zh: NarrationTemplate
    /// Claims about the screen that hold at every step the cue is shown.
    public var expectations: [NarrationExpectation]
    /// The cue's line in its scenario file (0 when built in code).
    public var line: Int
    /// The mode its claims are about (`describes:`); nil: every mode.
    public var describes: NarrationMode?
    /// Pictures the screen shows while the cue is up (`show:`, `focus:`).
    public var pictures: NarrationPictures

    public init(trigger: Trigger, until: Scope = .nextCue, pause: Bool = false,
                en: NarrationTemplate, zh: NarrationTemplate,
                expectations: [NarrationExpectation] = [], line: Int = 0, describes: NarrationMode? = nil,
                pictures: NarrationPictures = .none) {
        self.trigger = trigger
        self.until = until
        self.pause = pause
        self.en = en
        self.zh = zh
        self.expectations = expectations
        self.line = line
        self.describes = describes
        self.pictures = pictures
    }
}
