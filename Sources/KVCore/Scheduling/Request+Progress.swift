extension Request {
    /// Every field of a request that can change after it is added, except its output tokens
    /// (which only grow: `RequestJournal` keeps their count). Kept and put back without copying
    /// the request's token arrays. A field added to `Request` is either a `let` or belongs here
    /// (`SchedulerUndoJournalTests` checks the split).
    struct Progress: Sendable, Equatable {
        var beamScore: Double
        var beamSource: RequestID?
        var isDroppedBeam: Bool
        var isBestBeam: Bool
        var releasedBeamTable: [BlockID]
        var isSwappedOut: Bool
        var parent: RequestID?
        var sampleIndex: Int
        var status: RequestStatus
        var numComputedTokens: Int
        var prefixHitBlocks: Int
        var numPreemptions: Int
        var firstScheduledStep: Int?
        var finishedStep: Int?
    }

    var progress: Progress {
        Progress(beamScore: beamScore, beamSource: beamSource, isDroppedBeam: isDroppedBeam, isBestBeam: isBestBeam,
                 releasedBeamTable: releasedBeamTable, isSwappedOut: isSwappedOut, parent: parent,
                 sampleIndex: sampleIndex, status: status, numComputedTokens: numComputedTokens,
                 prefixHitBlocks: prefixHitBlocks, numPreemptions: numPreemptions,
                 firstScheduledStep: firstScheduledStep, finishedStep: finishedStep)
    }

    /// Puts `progress` back and cuts the output back to its first `outputCount` tokens (in
    /// place: no copy when the array is not shared).
    mutating func restore(_ progress: Progress, outputCount: Int) {
        precondition(outputTokens.count >= outputCount,
                     "request \(id) has \(outputTokens.count) output tokens, fewer than the \(outputCount) kept")
        beamScore = progress.beamScore
        beamSource = progress.beamSource
        isDroppedBeam = progress.isDroppedBeam
        isBestBeam = progress.isBestBeam
        releasedBeamTable = progress.releasedBeamTable
        isSwappedOut = progress.isSwappedOut
        parent = progress.parent
        sampleIndex = progress.sampleIndex
        status = progress.status
        numComputedTokens = progress.numComputedTokens
        prefixHitBlocks = progress.prefixHitBlocks
        numPreemptions = progress.numPreemptions
        firstScheduledStep = progress.firstScheduledStep
        finishedStep = progress.finishedStep
        if outputTokens.count > outputCount { outputTokens.removeLast(outputTokens.count - outputCount) }
    }
}
