import Engine

/// A picture a walkthrough can put on screen while one of its cues is up (`show:`).
public enum NarrationPicture: String, CaseIterable, Sendable {
    /// The logical -> physical mapping: a request's logical blocks in a row with a line to each
    /// physical block in the grid (or a mapping strip in the grid's title).
    case mapping
    /// The attention sweep: the decode query reading K, then V, block by block in table order,
    /// started when the cue fires on a decode step.
    case sweep
}

/// What a cue asks the screen to show besides its text: pictures (`show: [mapping, sweep]`) and
/// the request they are about (`focus: 2`, a scenario request id; nil: the request the user
/// focused, else the one being decoded). The screen's own view state: never an engine change.
public struct NarrationPictures: Sendable, Equatable {
    public var shown: Set<NarrationPicture>
    public var focus: Int?

    public init(shown: Set<NarrationPicture> = [], focus: Int? = nil) {
        self.shown = shown
        self.focus = focus
    }

    public static let none = NarrationPictures()

    public func shows(_ picture: NarrationPicture) -> Bool { shown.contains(picture) }
}
