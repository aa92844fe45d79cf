/// The free blocks in eviction order, as vLLM's `FreeKVCacheBlockQueue`: a doubly linked list
/// threaded through two index arrays, so popping the head, appending at the tail and taking a
/// block out of the middle (a prefix-cache hit on a free block) are all O(1) and allocate
/// nothing. The queue does not know which blocks are in it; the pool's rule "in the queue iff
/// refCount == 0" decides, and the invariant check walks the list to confirm it.
struct FreeBlockQueue: Sendable {
    /// Previous and next block of each block while it is queued; `none` at the ends.
    private struct Link: Sendable {
        var previous: Int32
        var next: Int32
    }

    private static let none: Int32 = -1

    private var links: [Link]      // one per physical block
    private var head: Int32
    private var tail: Int32
    /// Number of queued blocks.
    private(set) var count: Int

    /// A queue holding every block, `0` at the head, as a fresh pool starts.
    init(numBlocks: Int) {
        links = (0 ..< numBlocks).map { Link(previous: Int32($0) - 1, next: Int32($0) + 1) }
        if numBlocks > 0 { links[numBlocks - 1].next = Self.none }
        head = numBlocks > 0 ? 0 : Self.none
        tail = numBlocks > 0 ? Int32(numBlocks - 1) : Self.none
        count = numBlocks
    }

    /// The block the next allocation takes, if any.
    var first: Int32? { head == Self.none ? nil : head }

    /// Takes the head block out of the queue.
    @inline(__always)
    mutating func popFirst() -> Int32? {
        guard head != Self.none else { return nil }
        let block = head
        remove(block)
        return block
    }

    /// Takes a queued block out, wherever it is.
    @inline(__always)
    mutating func remove(_ block: Int32) {
        let link = links[Int(block)]
        if link.previous == Self.none { head = link.next } else { links[Int(link.previous)].next = link.next }
        if link.next == Self.none { tail = link.previous } else { links[Int(link.next)].previous = link.previous }
        links[Int(block)] = Link(previous: Self.none, next: Self.none)
        count -= 1
    }

    /// Puts a block that just became free at the tail: it is evicted after every block already
    /// waiting.
    @inline(__always)
    mutating func append(_ block: Int32) {
        links[Int(block)] = Link(previous: tail, next: Self.none)
        if tail == Self.none { head = block } else { links[Int(tail)].next = block }
        tail = block
        count += 1
    }

    /// The queued blocks from head (next to be taken) to tail. O(count).
    func blocks() -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(count)
        var block = head
        while block != Self.none, result.count <= links.count {
            result.append(block)
            block = links[Int(block)].next
        }
        return result
    }

    /// Problems with the list's shape: broken back links, a cycle, a wrong count.
    func shapeProblems() -> [String] {
        var problems: [String] = []
        var previous = Self.none
        var block = head
        var walked = 0
        while block != Self.none {
            guard block >= 0, Int(block) < links.count else {
                problems.append("free queue links to block \(block), outside the pool")
                return problems
            }
            if links[Int(block)].previous != previous {
                problems.append("free queue: block \(block) links back to \(links[Int(block)].previous), not \(previous)")
            }
            walked += 1
            if walked > links.count {
                problems.append("free queue has a cycle")
                return problems
            }
            previous = block
            block = links[Int(block)].next
        }
        if previous != tail { problems.append("free queue tail is \(tail), the walk ends at \(previous)") }
        if walked != count { problems.append("free queue counts \(count) blocks, the walk finds \(walked)") }
        return problems
    }
}
