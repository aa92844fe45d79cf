import KVCore

/// The requests whose block tables hold one block, with the logical index in each, in request
/// position then logical index order. Most blocks have one owner or none: the first owner is
/// kept inline in the block's view, so drawing a block or patching it after a step reads no
/// array and counts no reference; a shared block keeps its other owners in an array.
/// Reads like an array of `BlockOwner`.
public struct BlockOwners: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// The first owner (nil: no owner, and `others` is empty).
    private var head: BlockOwner?
    /// The owners after the first.
    private var others: [BlockOwner]

    public init() {
        head = nil
        others = []
    }

    public init(arrayLiteral owners: BlockOwner...) {
        self.init(owners)
    }

    init(_ owners: [BlockOwner]) {
        head = owners.first
        others = owners.count > 1 ? Array(owners.dropFirst()) : []
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { head == nil ? 0 : 1 + others.count }
    public var isEmpty: Bool { head == nil }
    public var first: BlockOwner? { head }

    public subscript(position: Int) -> BlockOwner {
        if position == 0, let head { return head }
        precondition(position > 0 && position < count, "owner \(position) out of range 0..<\(count)")
        return others[position - 1]
    }

    /// Adds `owner` after the others.
    mutating func append(_ owner: BlockOwner) {
        if head == nil { head = owner } else { others.append(owner) }
    }
}
