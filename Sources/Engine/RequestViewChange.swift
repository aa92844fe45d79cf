import KVCore

/// What a snapshot patch keeps of a request view it drew again: where the view stands and the
/// old view's figures that the request groups (`RequestGroups.update`) and the block delta
/// (`BlockViewDelta`) compare with the new one. The old view itself is let go at once.
struct RequestViewChange {
    /// The request's position in `Snapshot.requests`.
    let position: Int
    let oldStatus: RequestStatus
    let oldTable: [BlockID]
    let oldComputedTokens: Int
    let oldTokens: Int
    /// Prompt plus output budget (`RequestGroups` sizes its columns by the longest).
    let oldLength: Int
    let oldLabelWidth: Int
    let oldHasTokenTexts: Bool
    let oldIsBeam: Bool

    init(position: Int, old: borrowing RequestView) {
        self.position = position
        oldStatus = old.status
        oldTable = old.blockTable
        oldComputedTokens = old.numComputedTokens
        oldTokens = old.numTokens
        oldLength = old.promptLength + old.maxOutputTokens
        oldLabelWidth = old.label.utf8.count
        oldHasTokenTexts = !old.tokenTexts.isEmpty
        oldIsBeam = old.beam != nil
    }
}
