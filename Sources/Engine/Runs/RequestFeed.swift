import KVCore

/// The requests of a run in arrival order, as the runner takes them: from the generated list,
/// or read from a request trace one at a time (so a replay holds only what is in flight, however
/// long the file). A trace that fails on the second reading (the file changed after the scan)
/// ends the feed and keeps the error for the run to report.
struct RequestFeed {
    private let list: [WorkloadRequest]
    private var index = 0
    private var trace: RequestTraceFeed?
    private var peeked: WorkloadRequest?
    private(set) var failure: RequestTraceError?

    init(_ run: WorkloadRun) {
        list = run.requests.sorted { ($0.arrivalStep, $0.id) < ($1.arrivalStep, $1.id) }
        if let trace = run.trace {
            do {
                self.trace = try trace.feed()
            } catch {
                failure = error
            }
        }
    }

    /// The next request without taking it.
    mutating func peek() -> WorkloadRequest? {
        if index < list.count { return list[index] }
        if peeked == nil, failure == nil, trace != nil {
            do {
                peeked = try trace?.next()
            } catch {
                failure = error
            }
            if peeked == nil { trace = nil }
        }
        return peeked
    }

    /// Takes the request `peek()` returned.
    mutating func pop() {
        if index < list.count {
            index += 1
        } else {
            peeked = nil
        }
    }

    /// Whether every request has been taken.
    mutating func isDrained() -> Bool { peek() == nil }
}
