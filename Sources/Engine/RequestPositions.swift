import KVCore

/// Where each request stands in `Snapshot.requests`, by id, looked up without hashing: ids
/// below `directLimit` (every id a workload hands out, up to 65,536 requests) index an array,
/// the rest (forked samples and beams, from 1,000,000) a dictionary. A snapshot patch looks up
/// every request a step ran, and the frame every request it draws.
struct RequestPositions: Sendable, Equatable {
    private static let directLimit = 1 << 16
    /// Position + 1 by id (0: no such request).
    private var direct: [Int32] = []
    private var others: [RequestID: Int] = [:]

    init() {}

    subscript(id: RequestID) -> Int? {
        get {
            let raw = id.rawValue
            if raw >= 0, raw < Self.directLimit {
                guard raw < direct.count else { return nil }
                let stored = direct[raw]
                return stored > 0 ? Int(stored) - 1 : nil
            }
            return others[id]
        }
        set {
            let raw = id.rawValue
            guard raw >= 0, raw < Self.directLimit else {
                others[id] = newValue
                return
            }
            if raw >= direct.count {
                guard newValue != nil else { return }
                direct.append(contentsOf: repeatElement(0, count: raw + 1 - direct.count))
            }
            direct[raw] = newValue.map { Int32($0 + 1) } ?? 0
        }
    }
}
