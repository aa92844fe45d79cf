import KVCore

/// The snapshot's requests sorted by state, as positions in `Snapshot.requests` (each list
/// ascending), with the run-wide figures the screen sizes its columns by. Kept up to date from
/// one snapshot to the next for the requests a step rebuilt, so that a panel showing a window
/// of requests (the sequences, the block tables) costs that window, not the whole run.
public struct RequestGroups: Sendable, Equatable {
    /// Positions of the running requests.
    public private(set) var running: [Int] = []
    /// Positions of the waiting (arrived or not) and preempted requests.
    public private(set) var queued: [Int] = []
    /// Positions of the preempted requests (a subset of `queued`).
    public private(set) var preempted: [Int] = []
    /// Positions of the finished requests.
    public private(set) var finished: [Int] = []
    /// The widest label, in characters (labels are ASCII: counted in UTF-8 bytes, no grapheme walk).
    public private(set) var widestLabel = 0
    /// The longest a request can grow: prompt plus its output budget.
    public private(set) var longestRequest = 0
    /// Requests with token text (a run with a model) and beams of a beam search.
    public private(set) var withTokenTexts = 0
    public private(set) var beams = 0

    init() {}

    /// Groups every view of `views`.
    init(_ views: RequestViews) {
        for position in views.indices { add(views[position], at: position) }
    }

    /// The groups after the views at the `changed` positions went from their old view (as
    /// `RequestViewChange` keeps it) to the one in `views` (the others are the same; a patch
    /// keeps each request's label). A run-wide maximum that may have dropped is recomputed
    /// over every view.
    mutating func update(_ changed: [RequestViewChange], views: RequestViews) {
        var shrunk = false
        for item in changed.indices {
            let position = changed[item].position
            let (status, length) = (views[position].status, Self.length(views[position]))
            let hasTexts = !views[position].tokenTexts.isEmpty
            let isBeam = views[position].beam != nil
            let labelWidth = views[position].label.utf8.count
            let (oldStatus, oldLength, oldLabelWidth) = (changed[item].oldStatus, changed[item].oldLength, changed[item].oldLabelWidth)
            let (oldHasTexts, oldIsBeam) = (changed[item].oldHasTokenTexts, changed[item].oldIsBeam)
            // A running request that stayed running (most of a step) moves nothing.
            if oldStatus == status, oldLabelWidth == labelWidth, oldLength == length, oldHasTexts == hasTexts,
               oldIsBeam == isBeam { continue }
            remove(status: oldStatus, hasTexts: oldHasTexts, isBeam: oldIsBeam, at: position)
            shrunk = shrunk || (oldLabelWidth == widestLabel && labelWidth < widestLabel)
                || (oldLength == longestRequest && length < longestRequest)
            add(views[position], at: position)
        }
        guard shrunk else { return }
        widestLabel = 0
        longestRequest = 0
        for position in views.indices {
            widestLabel = max(widestLabel, views[position].label.utf8.count)
            longestRequest = max(longestRequest, Self.length(views[position]))
        }
    }

    private static func length(_ view: RequestView) -> Int { view.promptLength + view.maxOutputTokens }

    private mutating func add(_ view: RequestView, at position: Int) {
        switch view.status {
        case .running: Self.insert(position, into: &running)
        case .finished: Self.insert(position, into: &finished)
        case .waiting: Self.insert(position, into: &queued)
        case .preempted:
            Self.insert(position, into: &queued)
            Self.insert(position, into: &preempted)
        }
        widestLabel = max(widestLabel, view.label.utf8.count)
        longestRequest = max(longestRequest, Self.length(view))
        if !view.tokenTexts.isEmpty { withTokenTexts += 1 }
        if view.beam != nil { beams += 1 }
    }

    private mutating func remove(status: RequestStatus, hasTexts: Bool, isBeam: Bool, at position: Int) {
        switch status {
        case .running: Self.remove(position, from: &running)
        case .finished: Self.remove(position, from: &finished)
        case .waiting: Self.remove(position, from: &queued)
        case .preempted:
            Self.remove(position, from: &queued)
            Self.remove(position, from: &preempted)
        }
        if hasTexts { withTokenTexts -= 1 }
        if isBeam { beams -= 1 }
    }

    /// The index of the first element not below `position` in an ascending list.
    static func lowerBound(_ position: Int, in list: [Int]) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < position { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func insert(_ position: Int, into list: inout [Int]) {
        if let last = list.last, last < position {
            list.append(position)
            return
        }
        let at = lowerBound(position, in: list)
        if at == list.count || list[at] != position { list.insert(position, at: at) }
    }

    private static func remove(_ position: Int, from list: inout [Int]) {
        let at = lowerBound(position, in: list)
        if at < list.count, list[at] == position { list.remove(at: at) }
    }
}
