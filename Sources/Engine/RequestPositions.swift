import KVCore

/// Where each request stands in `Snapshot.requests`, by id, looked up without hashing (a
/// `PositionIndex` keyed by the id: every id a workload hands out, up to 65,536 requests, indexes
/// an array; forked samples and beams, from 1,000,000, a dictionary). A snapshot patch looks up
/// every request a step ran, and the frame every request it draws.
struct RequestPositions: Sendable, Equatable {
    private var index = PositionIndex()

    init() {}

    subscript(id: RequestID) -> Int? {
        get { index[id.rawValue] }
        set { index[id.rawValue] = newValue }
    }
}
