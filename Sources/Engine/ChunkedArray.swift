/// An array in chunks of 64 shared copy-on-write: the snapshot's request views and block views.
/// The next step's snapshot starts from the previous one's and writes only what the step
/// changed, so a write copies at most its own chunk (nothing at all when the previous snapshot
/// was handed over, as the engine does), and a step costs what changed, not every request or
/// every block of the run. Reads like an array: `Int` positions from 0, random access.
public struct ChunkedArray<Element: Sendable & Equatable>: RandomAccessCollection, Sendable, Equatable {
    private static var shift: Int { 6 }
    private static var chunkSize: Int { 1 << shift }

    private var chunks: [[Element]] = []
    public private(set) var count = 0

    public init() {}

    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        // Borrowed, not copied: a reader of one field does not retain the element's arrays.
        _read {
            precondition(position >= 0 && position < count, "position \(position) out of range 0..<\(count)")
            yield chunks[position >> Self.shift][position & (Self.chunkSize - 1)]
        }
        set {
            precondition(position >= 0 && position < count, "position \(position) out of range 0..<\(count)")
            // In place: only the written chunk is copied when it is shared with another snapshot.
            chunks[position >> Self.shift][position & (Self.chunkSize - 1)] = newValue
        }
    }

    /// Runs `body` on the element at `position` in place (no copy of it is made; only its
    /// chunk is copied first when another array shares it).
    mutating func update<R>(_ position: Int, _ body: (inout Element) -> R) -> R {
        precondition(position >= 0 && position < count, "position \(position) out of range 0..<\(count)")
        return chunks[position >> Self.shift].withUnsafeMutableBufferPointer { body(&$0[position & (Self.chunkSize - 1)]) }
    }

    public mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    /// Reads every element in place, chunk by chunk: `body` gets each chunk's first position
    /// and its elements (a per-frame pass over 8,000 blocks retains nothing).
    public func forEachChunk(_ body: (Int, UnsafeBufferPointer<Element>) -> Void) {
        for (index, chunk) in chunks.enumerated() {
            chunk.withUnsafeBufferPointer { body(index << Self.shift, $0) }
        }
    }

    public static func == (a: ChunkedArray, b: ChunkedArray) -> Bool {
        a.count == b.count && a.chunks == b.chunks
    }
}

/// The snapshot's request views, in request order.
public typealias RequestViews = ChunkedArray<RequestView>
/// The snapshot's block views, by block id.
public typealias BlockViews = ChunkedArray<BlockView>
