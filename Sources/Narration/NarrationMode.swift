import Engine
import KVCore

/// The mode a cue's claims are about (`describes:` in a walkthrough): prefix caching on or off,
/// the contiguous policies, the views. A field left nil matches every mode. Where the screen is in
/// another mode (after `p`, `c` or `v`), the cue is not shown; one line says which mode it
/// describes instead, so a claim is never shown where it is false.
public struct NarrationMode: Sendable, Equatable {
    public var prefixCaching: Bool?
    public var contiguous: [ContiguousPolicy]?
    /// View names as the app calls them: paged, contiguous, compare.
    public var views: [String]?

    public init(prefixCaching: Bool? = nil, contiguous: [ContiguousPolicy]? = nil, views: [String]? = nil) {
        self.prefixCaching = prefixCaching
        self.contiguous = contiguous
        self.views = views
    }

    public static let views = ["paged", "contiguous", "compare"]

    /// What about the screen's mode differs from the one the cue describes (nil: it matches).
    public func mismatch(prefixCaching caching: Bool, contiguous policy: ContiguousPolicy?,
                         view: String) -> Mismatch? {
        if let prefixCaching, prefixCaching != caching { return .prefixCaching(prefixCaching) }
        if let contiguous, let policy, !contiguous.contains(policy) { return .contiguous(contiguous) }
        if let views, !views.contains(view) { return .view(views) }
        return nil
    }

    public enum Mismatch: Sendable, Equatable {
        case prefixCaching(Bool)
        case contiguous([ContiguousPolicy])
        case view([String])
    }
}
