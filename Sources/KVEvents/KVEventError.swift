import KVBase
import MsgPack

/// A frame kvviz could not read as a vLLM event batch: where in the batch, and why.
public struct KVEventError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    /// The field path, e.g. `events[2].block_hashes`.
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, _ error: MsgPackError) {
        self.init(path: path, reason: error.description)
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}

/// The bounds a decoded batch must keep, whatever its headers claim.
public enum KVEventLimits {
    /// Hashes in one event (vLLM stores one request's blocks at most: 1M tokens / 16 = 65,536).
    public static let hashesPerEvent = 1 << 20
    /// Token ids in one event.
    public static let tokensPerEvent = 1 << 24
    /// Events in one batch (vLLM's publisher queues 100,000 at most).
    public static let eventsPerBatch = 1 << 20
    /// Nesting of any field (extra_keys are free-form).
    public static let depth = 32
}
