/// The free blocks in eviction order, as vLLM's `FreeKVCacheBlockQueue`: a doubly linked list
/// threaded through one array of links, so popping the head, appending at the tail and taking a
/// block out of the middle (a prefix-cache hit on a free block) are all O(1) and allocate
/// nothing. Like vLLM's fake head and tail, one extra sentinel link at index `numBlocks` closes
/// the ring (its `next` is the head, its `previous` the tail), so no operation branches on an
/// empty end. The queue does not know which blocks are in it; the pool's rule "in the queue iff
/// refCount == 0" decides, and the invariant check walks the list to confirm it.
///
/// Part of `BlockPool`'s storage: it owns its memory (freed when the pool's storage goes), is
/// never copied implicitly, and its non-mutating methods write through to that memory. Only
/// `BlockPool` calls them, after `KVCacheManager` made its storage unique (copy-on-write).
struct FreeBlockQueue: ~Copyable {
    struct Link: BitwiseCopyable {
        var previous: Int32
        var next: Int32
    }

    /// `numBlocks + 1` links: one per block, then the sentinel.
    private let links: UnsafeMutablePointer<Link>
    /// The number of queued blocks, in its own word of memory so the methods can stay
    /// non-mutating (no exclusivity checks on the storage class that holds the queue); the
    /// second word is the next ticket.
    private let counter: UnsafeMutablePointer<Int>
    /// Per block, when it last joined the queue (a counter, never reused). Blocks leave from the
    /// head or the middle and join only at the tail, so the queue's order is the order of its
    /// blocks' tickets: a reader can tell a block's place by counting smaller tickets, with no
    /// walk of the list (`Snapshot.freeQueuePosition(of:)`).
    private let tickets: UnsafeMutablePointer<Int>
    private let numBlocks: Int
    private var sentinel: Int32 { Int32(truncatingIfNeeded: numBlocks) }

    /// A queue holding every block, `0` at the head, as a fresh pool starts.
    init(numBlocks: Int) {
        self.numBlocks = numBlocks
        links = .allocate(capacity: numBlocks + 1)
        // Block i links to i - 1 and i + 1; the ends close the ring through the sentinel (index
        // numBlocks), whose next is the head and previous the tail (itself when empty).
        for block in 0 ..< numBlocks {
            (links + block).initialize(to: Link(previous: Int32(block == 0 ? numBlocks : block - 1), next: Int32(block + 1)))
        }
        let n = Int32(numBlocks)
        (links + numBlocks).initialize(to: numBlocks == 0 ? Link(previous: n, next: n) : Link(previous: n - 1, next: 0))
        counter = .allocate(capacity: 2)
        counter.initialize(to: numBlocks)
        (counter + 1).initialize(to: numBlocks)
        tickets = .allocate(capacity: max(1, numBlocks))
        for block in 0 ..< numBlocks { (tickets + block).initialize(to: block) }
    }

    /// A copy with its own memory (copy-on-write of the pool).
    init(copying other: borrowing FreeBlockQueue) {
        numBlocks = other.numBlocks
        links = .allocate(capacity: numBlocks + 1)
        links.initialize(from: other.links, count: numBlocks + 1)
        counter = .allocate(capacity: 2)
        counter.initialize(from: other.counter, count: 2)
        tickets = .allocate(capacity: max(1, numBlocks))
        tickets.initialize(from: other.tickets, count: numBlocks)
    }

    deinit {
        links.deallocate()
        counter.deallocate()
        tickets.deallocate()
    }

    /// When `block` last joined the queue (meaningful while it is queued): a smaller ticket is
    /// nearer the head.
    func ticket(of block: Int32) -> Int { tickets[Int(block)] }

    /// Number of queued blocks.
    var count: Int { counter.pointee }

    /// The block the next allocation takes, if any.
    var first: Int32? { count == 0 ? nil : links[numBlocks].next }

    /// Takes the head block out of the queue. The caller checked that the queue is not empty
    /// (an empty queue would hand out the sentinel, so this check stays in release builds).
    @inline(__always)
    func popFirst() -> Int32 {
        precondition(count > 0, "no free block: check numFreeBlocks first")
        let block = links[numBlocks].next
        remove(block)
        return block
    }

    /// Takes a queued block out, wherever it is.
    @inline(__always)
    func remove(_ block: Int32) {
        let link = links[Int(block)]
        links[Int(link.previous)].next = link.next
        links[Int(link.next)].previous = link.previous
        links[Int(block)] = Link(previous: -1, next: -1)
        counter.pointee -= 1
    }

    /// Puts a block that just became free at the tail: it is evicted after every block already
    /// waiting.
    @inline(__always)
    func append(_ block: Int32) {
        let tail = links[numBlocks].previous
        links[Int(block)] = Link(previous: tail, next: sentinel)
        links[Int(tail)].next = block
        links[numBlocks].previous = block
        counter.pointee += 1
        tickets[Int(block)] = counter[1]
        counter[1] += 1
    }

    /// The queued blocks from head (next to be taken) to tail. O(count).
    // MARK: Undo (`PoolJournal`)

    /// `block`'s links: previous and next in the queue (the sentinel `numBlocks` at the ends),
    /// both -1 while the block is not in the queue.
    func link(of block: Int32) -> Link { links[Int(block)] }

    /// Puts `block`, not in the queue, right after `previous` (a queued block, or the sentinel
    /// `numBlocks` for the head), keeping its ticket.
    func insert(_ block: Int32, after previous: Int32) {
        let next = links[Int(previous)].next
        links[Int(block)] = Link(previous: previous, next: next)
        links[Int(previous)].next = block
        links[Int(next)].previous = block
        counter.pointee += 1
    }

    /// Sets `block`'s ticket (an undo puts back the one it had).
    func setTicket(_ ticket: Int, of block: Int32) { tickets[Int(block)] = ticket }

    /// The ticket the next block to join the tail will take.
    var nextTicket: Int {
        get { counter[1] }
        nonmutating set { counter[1] = newValue }
    }

    func blocks() -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(count)
        var block = links[numBlocks].next
        while block != sentinel, block >= 0, Int(block) < numBlocks, result.count <= numBlocks {
            result.append(block)
            block = links[Int(block)].next
        }
        return result
    }

    /// Problems with the list's shape: broken back links, a cycle, a wrong count.
    func shapeProblems() -> [String] {
        var problems: [String] = []
        var previous = sentinel
        var block = links[numBlocks].next
        var walked = 0
        while block != sentinel {
            guard block >= 0, Int(block) < numBlocks else {
                problems.append("free queue links to block \(block), outside the pool")
                return problems
            }
            if links[Int(block)].previous != previous {
                problems.append("free queue: block \(block) links back to \(links[Int(block)].previous), not \(previous)")
            }
            walked += 1
            if walked > numBlocks {
                problems.append("free queue has a cycle")
                return problems
            }
            previous = block
            block = links[Int(block)].next
        }
        if previous != links[numBlocks].previous {
            problems.append("free queue tail is \(links[numBlocks].previous), the walk ends at \(previous)")
        }
        if walked != count { problems.append("free queue counts \(count) blocks, the walk finds \(walked)") }
        return problems
    }
}
