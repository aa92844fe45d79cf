import KVEvents
import Narration

/// The value of each figure a recorded walkthrough quotes, from the screen's own state, written
/// as the live screen prints it (thousands grouped): the one place these values are computed.
public enum RecordedFigures {
    public static func number(_ figure: RecordingFigure, on screen: LiveScreen) -> Int {
        let cache = screen.cache
        switch figure {
        case .frame: return screen.playback?.position ?? 0
        case .batches: return cache.batches
        case .events: return cache.events
        case .cachedBlocks: return cache.state.blockCount
        case .prefixTrees: return cache.state.treeCount
        case .largestTree: return screen.trees?.trees.first?.blocks.count ?? 0
        case .storedTotal: return cache.state.totals.stored
        case .evictedTotal: return cache.state.totals.removed
        }
    }

    public static func text(_ figure: RecordingFigure, on screen: LiveScreen) -> String {
        LiveText.grouped(number(figure, on: screen))
    }
}
