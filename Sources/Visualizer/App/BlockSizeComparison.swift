import Engine

/// The prefix-cache hit rate of a run: prompt tokens served from the cache over the prompt
/// tokens of the requests admitted so far (running or finished). Only full blocks are hashed,
/// so the hits come in whole blocks and a larger block raises the floor a shared prefix must
/// clear before it hits at all.
struct PrefixHitRate: Sendable, Equatable {
    var hitTokens = 0
    var promptTokens = 0

    init(hitTokens: Int = 0, promptTokens: Int = 0) {
        self.hitTokens = hitTokens
        self.promptTokens = promptTokens
    }

    init(_ snapshot: Snapshot) {
        for request in snapshot.requests where request.status == .running || request.status == .finished {
            hitTokens += request.prefixHitBlocks * snapshot.blockSize
            promptTokens += request.promptLength
        }
    }

    /// "37.5%" (one decimal, as the panels print shares); "–" before any prompt was admitted.
    var text: String {
        guard promptTokens > 0 else { return "–" }
        let tenths = (min(hitTokens, promptTokens) * 1000 + promptTokens / 2) / promptTokens
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

/// After `k` or `K`: the run with the block size it had before, kept as its hit rate at every
/// step, so the counter line can show the new size's hit rate beside the old one at the same
/// step. Built by the block-size job (`JobRun`), which runs that engine to its end a slice at a
/// time; `view` only reads it.
public struct BlockSizeComparison: Sendable, Equatable {
    /// The block size of the other run.
    let otherBlockSize: Int
    /// rates[s]: the other run's hit rate at step s (its last value after it ended).
    let rates: [PrefixHitRate]

    func otherRate(at step: Int) -> PrefixHitRate {
        rates[min(max(0, step), rates.count - 1)]
    }

    /// The other run in progress, its hit rate kept at every step.
    typealias Recording = OtherRunRecording<PrefixHitRate>
}

extension OtherRunRecording<PrefixHitRate> {
    /// The run with the block size before, recording its hit rate.
    init?(blockSizeComparisonOf config: EngineConfig, requests: [EngineRequest], maxSteps: Int) {
        self.init(config: config, requests: requests, maxSteps: maxSteps) { PrefixHitRate($0) }
    }

    var comparison: BlockSizeComparison {
        BlockSizeComparison(otherBlockSize: other.config.blockSize, rates: figures)
    }
}

extension AppState {
    /// The block sizes `k` and `K` step through (vLLM's `--block-size` takes powers of two; the
    /// hybrid models' page sizes reach the hundreds), plus the file's own size.
    static let blockSizes = [8, 16, 32, 64, 128, 256, 512, 1024]

    /// `k` (larger) or `K` (smaller): the same requests replayed with the next block size, the
    /// pool keeping its token slots (and its bytes: a block of twice the tokens takes twice the
    /// bytes), so the hit rate shows the floor full-block hashing puts under a shared prefix.
    /// A job, not done here: it tries the sizes in that direction and takes the first whose
    /// engine builds; then the run as it was goes to its end for the counter line.
    func replayWithBlockSize(larger: Bool) -> [Effect] {
        let current = engine.config.blockSize
        let ladder = Array(Set(Self.blockSizes + [current])).sorted()
        guard let here = ladder.firstIndex(of: current) else { return [] }
        // No wrapping: K at the smallest size (or k at the largest that fits) does nothing.
        let order = larger ? Array(ladder[(here + 1)...]) : Array(ladder[..<here].reversed())
        let configs = order.compactMap { Self.config(engine.config, blockSize: $0) }
        guard !configs.isEmpty else { return [] }
        return [.run(Job(work: .reblock(configs: configs, step: engine.step, previous: engine.config)))]
    }

    /// `config` with blocks of `size` tokens and as many token slots (nil when not one block fits).
    static func config(_ config: EngineConfig, blockSize size: Int) -> EngineConfig? {
        let slots = config.numBlocks * config.blockSize
        guard size > 0, slots / size >= 1 else { return nil }
        var changed = config
        changed.blockSize = size
        changed.numBlocks = slots / size
        if var memory = config.memory {
            memory.blockBytes = memory.blockBytes / max(1, config.blockSize) * size
            memory.anatomy = memory.anatomy.map { a in
                BlockAnatomy(layers: a.layers, kvHeads: a.kvHeads, queryHeads: a.queryHeads, headDim: a.headDim,
                             elementBytes: a.elementBytes, slots: size)
            }
            changed.memory = memory
        }
        return changed
    }
}
