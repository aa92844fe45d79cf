import Engine
import KVCore

/// The attention sweep: on a decode step, the new token's query reading its request's K vectors
/// block by block in block-table order, then its V vectors the same way, the block being read
/// highlighted and the vectors read so far counted. A view-only animation over one snapshot:
/// it never steps the engine, and any move of the engine ends it (step and back stay exact).
struct AttentionSweep: Equatable, Sendable {
    enum Phase: Equatable, Sendable {
        case keys, values, done
    }

    /// The step it animates (a sweep from another step is never drawn).
    let step: Int
    let request: RequestID
    /// The blocks the query reads, in table order.
    let blocks: [BlockID]
    let blockSize: Int
    /// K (and V) vectors the query reads: every position up to its own.
    let vectors: Int
    /// 0 ..< 2 * blocks.count: K of block 0 ... K of the last, V of block 0 ...; then one
    /// frame with both totals before the sweep ends.
    private(set) var frame = 0
    private var elapsed = 0.0

    /// Blocks read a second.
    static let framesPerSecond = 3.0

    /// The sweep of `request`'s decode query in `snapshot`; nil when it did not decode there.
    init?(_ snapshot: Snapshot, request: RequestID) {
        guard let chunk = snapshot.chunks.first(where: { $0.request == request && !$0.isPrefill }),
              let view = snapshot.request(request), snapshot.blockSize > 0 else { return nil }
        let vectors = chunk.startPosition + chunk.numTokens
        let count = min(view.blockTable.count, (vectors + snapshot.blockSize - 1) / snapshot.blockSize)
        guard count > 0 else { return nil }
        step = snapshot.step
        self.request = request
        blocks = Array(view.blockTable.prefix(count))
        blockSize = snapshot.blockSize
        self.vectors = vectors
    }

    var frameCount: Int { 2 * blocks.count + 1 }

    var phase: Phase {
        frame < blocks.count ? .keys : frame < 2 * blocks.count ? .values : .done
    }

    /// The logical block being read now (nil once done).
    var logical: Int? { phase == .done ? nil : frame % blocks.count }

    /// The physical block being read now.
    var block: BlockID? { logical.map { blocks[$0] } }

    /// Vectors read so far in the current plane, this block included.
    private func readThrough(_ logical: Int) -> Int { min(vectors, (logical + 1) * blockSize) }

    var keysRead: Int { phase == .keys ? readThrough(frame) : vectors }
    var valuesRead: Int {
        switch phase {
        case .keys: 0
        case .values: readThrough(frame - blocks.count)
        case .done: vectors
        }
    }

    /// Moves the animation on by `seconds`; false once it has shown its last frame.
    mutating func advance(seconds: Double) -> Bool {
        guard seconds.isFinite, seconds > 0 else { return true }
        elapsed += seconds * Self.framesPerSecond
        while elapsed >= 1 {
            elapsed -= 1
            frame += 1
            if frame >= frameCount { return false }
        }
        return true
    }
}
