/// The snapshot's request views: an array in chunks of 64 shared copy-on-write, so that the next
/// step's snapshot reuses every chunk whose requests did not change (finished and not yet
/// arrived requests, usually nearly all of them) and a step costs what is in flight, not the
/// whole run. Reads like an array: `Int` positions from 0, random access.
public struct RequestViews: RandomAccessCollection, Sendable, Equatable {
    private static let shift = 6
    private static let chunkSize = 1 << shift

    private var chunks: [[RequestView]] = []
    public private(set) var count = 0

    public init() {}

    public init<S: Sequence>(_ views: S) where S.Element == RequestView {
        for view in views { append(view) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> RequestView {
        // Borrowed, not copied: a reader of one field does not retain the view's arrays.
        _read {
            precondition(position >= 0 && position < count, "request view \(position) out of range 0..<\(count)")
            yield chunks[position >> RequestViews.shift][position & (RequestViews.chunkSize - 1)]
        }
        set {
            precondition(position >= 0 && position < count, "request view \(position) out of range 0..<\(count)")
            // In place: only the written chunk is copied when it is shared with another snapshot.
            chunks[position >> RequestViews.shift][position & (RequestViews.chunkSize - 1)] = newValue
        }
    }

    public mutating func append(_ view: RequestView) {
        if count & (RequestViews.chunkSize - 1) == 0 {
            var chunk: [RequestView] = []
            chunk.reserveCapacity(RequestViews.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(view)
        count += 1
    }

    public static func == (a: RequestViews, b: RequestViews) -> Bool {
        a.count == b.count && a.chunks == b.chunks
    }
}
