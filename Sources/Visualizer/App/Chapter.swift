import Engine
import Narration

/// What the main area shows. `v` cycles through them; the block inspector is an overlay on top
/// of any of them (Enter or a click opens it), not a view of its own.
public enum ViewMode: CaseIterable, Sendable {
    /// Block grid and block tables: the paged KV cache.
    case paged
    /// The contiguous baseline's linear address space on the same workload.
    case contiguous
    /// Paged and contiguous side by side, with their memory shares.
    case compare

    var next: ViewMode {
        let all = ViewMode.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// One walkthrough of the tour: how to build its engine and what to say at each step.
///
/// The engine is built by a closure, not stored, so `r` (restart) can rebuild it from scratch
/// and a chapter stays a cheap value until it is shown. The script is only words: the app turns
/// it into narration from the snapshots of the one engine it shows.
public struct Chapter: Sendable {
    public var name: String
    public var title: LocalizedText
    public var summary: LocalizedText
    var initialView: ViewMode
    public var makeEngine: @Sendable () throws -> Engine
    /// The scenario's narration (empty: the visualizer describes each step's events itself).
    public var script: NarrationScript
    /// Pictures the chapter keeps on screen in the paged view (the free queue, a block's
    /// tensors, the recompute triangle).
    public var pictures: Set<Picture> = []

    public init(name: String, title: LocalizedText, summary: LocalizedText, initialView: ViewMode = .paged,
                makeEngine: @escaping @Sendable () throws -> Engine, script: NarrationScript = .empty) {
        self.name = name
        self.title = title
        self.summary = summary
        self.initialView = initialView
        self.makeEngine = makeEngine
        self.script = script
    }
}
