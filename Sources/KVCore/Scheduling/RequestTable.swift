/// The scheduler's requests by id, kept in chunks of 64 consecutive ids that are shared
/// copy-on-write.
///
/// The engine keeps copies of whole scheduler states to step back, and every kept copy is
/// copied again the first time the live state mutates its requests. With one dictionary of
/// every request (finished and not yet arrived ones included) that copy cost O(all requests)
/// per kept state; here it costs one reference per chunk plus the one chunk written, so a copy
/// is about 64 times cheaper and the requests themselves are never copied unless written.
///
/// Lookups and writes are O(1). `values` lists the requests in id order.
public struct RequestTable: Sendable {
    private static let shift = 6
    private static let chunkSize = 1 << shift

    private static let emptyChunk = [Request?](repeating: nil, count: chunkSize)
    private var chunks: [Int: [Request?]] = [:]
    public private(set) var count = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public subscript(id: RequestID) -> Request? {
        get {
            let (key, slot) = RequestTable.place(id)
            return chunks[key]?[slot]
        }
        _modify {
            // In place (as a dictionary's subscript): only a chunk shared with a kept copy is
            // copied (64 slots), and a request's arrays are never copied to be appended to.
            let (key, slot) = RequestTable.place(id)
            let had = chunks[key]?[slot] != nil
            yield &chunks[key, default: RequestTable.emptyChunk][slot]
            let has = chunks[key]?[slot] != nil
            count += (has ? 1 : 0) - (had ? 1 : 0)
            // A chunk left empty goes, so retired requests leave nothing behind.
            if !has, chunks[key]?.allSatisfy({ $0 == nil }) == true {
                chunks[key] = nil
            }
        }
    }

    /// Runs `body` on the request in place (no copy of it is made), or returns nil when there is
    /// no request `id`.
    @discardableResult
    public mutating func update<T>(_ id: RequestID, _ body: (inout Request) -> T) -> T? {
        let (key, slot) = RequestTable.place(id)
        guard let index = chunks.index(forKey: key), chunks.values[index][slot] != nil else { return nil }
        return body(&chunks.values[index][slot]!)
    }

    /// Removes the request and returns it, as `Dictionary.removeValue(forKey:)` does.
    @discardableResult
    public mutating func removeValue(forKey id: RequestID) -> Request? {
        guard let old = self[id] else { return nil }
        self[id] = nil
        return old
    }

    /// Calls `body` with every request in id order, without collecting them in an array.
    public func forEach(_ body: (borrowing Request) -> Void) {
        for key in chunks.keys.sorted() {
            guard let chunk = chunks[key] else { continue }
            for case let request? in chunk { body(request) }
        }
    }

    /// Every request, in id order.
    public var values: [Request] {
        var result: [Request] = []
        result.reserveCapacity(count)
        for key in chunks.keys.sorted() {
            guard let chunk = chunks[key] else { continue }
            for case let request? in chunk { result.append(request) }
        }
        return result
    }

    private static func place(_ id: RequestID) -> (key: Int, slot: Int) {
        (id.rawValue >> shift, id.rawValue & (chunkSize - 1))
    }
}
