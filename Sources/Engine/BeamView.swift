import KVCore

/// A beam of a beam-search request as the screen and the narration see it.
public struct BeamView: Sendable, Equatable {
    /// Beams the request keeps (k).
    public let width: Int
    /// Cumulative log-probability of its generated tokens.
    public let score: Double
    /// The beam it was forked from (nil for the request's first beam).
    public let source: RequestID?
    /// Dropped by a beam-search step: none of the k best continuations extended it.
    public let isDropped: Bool
    /// The best beam of the finished request.
    public let isBest: Bool
    /// The block table it held when it was dropped or finished (empty while it runs).
    public let releasedTable: [BlockID]

    init?(_ request: Request) {
        guard let width = request.beamWidth else { return nil }
        self.width = width
        self.score = request.beamScore
        self.source = request.beamSource
        self.isDropped = request.isDroppedBeam
        self.isBest = request.isBestBeam
        self.releasedTable = request.releasedBeamTable
    }
}
