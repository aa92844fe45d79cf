/// Per-sequence storage of `BlockPool` (the manager's block tables, by `SequenceID.rawValue`)
/// in chunks of `chunkSize` shared copy-on-write between pool copies. A run sees thousands of
/// sequences but a step writes the tables of the few in flight, whose ids sit close together:
/// a pool copied for a keyframe (the engine's history) and then written copies those chunks,
/// not one table reference per sequence of the run.
///
/// Part of `BlockPool`'s storage, like `FreeBlockQueue`: it owns its chunk table, is never
/// copied implicitly (the pool shares it explicitly, `init(sharing:capacity:)`), and its
/// non-mutating `_modify` writes through once the manager made the pool unique. A write first
/// gives the pool its own copy of the chunk when another pool still shares it (its reference
/// count says so, as for any copy-on-write buffer). Sharing only reads the pool it shares
/// from, so any number of threads may copy one pool at once.
struct SharedChunks<Element>: ~Copyable {
    static var shift: Int { 7 }
    static var chunkSize: Int { 1 << shift }
    private static var mask: Int { chunkSize - 1 }

    /// One chunk in raw memory, shared by the pools that copied it and did not write it since.
    final class Chunk: @unchecked Sendable {
        // @unchecked: written only by the pool that holds the sole reference.
        let base: UnsafeMutablePointer<Element>

        init(repeating empty: Element) {
            base = .allocate(capacity: SharedChunks.chunkSize)
            base.initialize(repeating: empty, count: SharedChunks.chunkSize)
        }

        init(copying other: Chunk) {
            base = .allocate(capacity: SharedChunks.chunkSize)
            base.initialize(from: other.base, count: SharedChunks.chunkSize)
        }

        deinit {
            base.deinitialize(count: SharedChunks.chunkSize)
            base.deallocate()
        }
    }

    private let chunks: UnsafeMutablePointer<Chunk>
    /// Each chunk's `base`, beside the chunk table: a read loads one pointer, not the chunk's.
    private let bases: UnsafeMutablePointer<UnsafeMutablePointer<Element>>
    private let chunkCount: Int
    private let empty: Element
    /// Entries held: a whole number of chunks.
    var capacity: Int { chunkCount << Self.shift }

    /// Room for at least `capacity` entries, all `empty`.
    init(capacity: Int, empty: Element) {
        self.empty = empty
        chunkCount = (max(0, capacity) + Self.mask) >> Self.shift
        chunks = .allocate(capacity: max(1, chunkCount))
        bases = .allocate(capacity: max(1, chunkCount))
        for index in 0 ..< chunkCount {
            (chunks + index).initialize(to: Chunk(repeating: empty))
            (bases + index).initialize(to: chunks[index].base)
        }
    }

    /// The entries of `other`, sharing its chunks, then `empty` ones up to at least `capacity`.
    init(sharing other: borrowing SharedChunks, capacity: Int) {
        empty = other.empty
        chunkCount = max(other.chunkCount, (max(0, capacity) + Self.mask) >> Self.shift)
        chunks = .allocate(capacity: max(1, chunkCount))
        bases = .allocate(capacity: max(1, chunkCount))
        // Both sides now hold these chunks: the next write on either side copies its chunk.
        chunks.initialize(from: other.chunks, count: other.chunkCount)
        bases.initialize(from: other.bases, count: other.chunkCount)
        for index in other.chunkCount ..< chunkCount {
            (chunks + index).initialize(to: Chunk(repeating: empty))
            (bases + index).initialize(to: chunks[index].base)
        }
    }

    deinit {
        chunks.deinitialize(count: chunkCount)
        chunks.deallocate()
        bases.deallocate()
    }

    /// Entry `index` (`0 ..< capacity`, which the caller checked).
    subscript(index: Int) -> Element {
        @inline(__always)
        _read { yield bases[index >> Self.shift][index & Self.mask] }
        @inline(__always)
        nonmutating _modify { yield &writable(index).pointee }
    }

    /// Where entry `index` is written, after giving this storage its own copy of its chunk.
    @inline(__always)
    private func writable(_ index: Int) -> UnsafeMutablePointer<Element> {
        let chunk = index >> Self.shift
        if !isKnownUniquelyReferenced(&chunks[chunk]) { copyChunk(chunk) }
        return bases[chunk] + (index & Self.mask)
    }

    @inline(never)
    private func copyChunk(_ chunk: Int) {
        chunks[chunk] = Chunk(copying: chunks[chunk])
        bases[chunk] = chunks[chunk].base
    }

    /// Makes every element what it is in `saved` (a `init(sharing:)` copy of this store, taken
    /// earlier): its chunks are shared again, and the chunks this store grew since hold `empty`.
    func restore(sharing saved: borrowing SharedChunks) {
        precondition(saved.chunkCount <= chunkCount, "a saved store larger than this one")
        for index in 0 ..< chunkCount {
            if index < saved.chunkCount {
                chunks[index] = saved.chunks[index]
            } else {
                chunks[index] = Chunk(repeating: empty)
            }
            bases[index] = chunks[index].base
        }
    }
}
