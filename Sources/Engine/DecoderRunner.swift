import KVCore
import ToyDecoder

/// The toy decoder as the engine drives it: runs each step's chunks through the paged forward
/// pass, reading block tables from the scheduler, and picks next tokens (forced, greedy or seeded).
struct DecoderRunner: Sendable {
    var model: ToyModel
    let tokenizer: Tokenizer
    let temperature: Double
    let seed: UInt64
    /// Forced continuations by request id, one token list per sample.
    let forced: [Int: [[TokenID]]]
    /// K/V of the blocks swapped out to the CPU pool, by CPU block.
    private var cpuStore: [Int: PagedKVStore.BlockContents] = [:]

    init(tokenizer: Tokenizer, numBlocks: Int, blockSize: Int, contextLength: Int,
         seed: UInt64, temperature: Double, forced: [Int: [[TokenID]]]) {
        let config = ToyModelConfig(vocabSize: tokenizer.vocabSize, contextLength: contextLength)
        self.model = ToyModel(config: config, seed: seed, numBlocks: numBlocks, blockSize: blockSize)
        self.tokenizer = tokenizer
        self.temperature = temperature
        self.seed = seed
        self.forced = forced
    }

    /// Copies K/V for every copy-on-write the block manager did this step, before the model
    /// writes into the new blocks.
    mutating func applyCopies(from events: [SchedulerEvent]) {
        for event in events {
            if case let .paging(.copiedOnWrite(_, from, to, slots)) = event {
                model.store.copyBlock(from: from.index, to: to.index, slots: slots)
            }
        }
    }

    /// Copies the K/V of every block swapped out this step to the CPU side. Runs before anything
    /// else touches the store this step: a freed block may already belong to someone else.
    mutating func swapOut(_ plan: StepPlan) {
        for transfer in plan.swappedOut {
            for (gpu, cpu) in zip(transfer.gpu, transfer.cpu) {
                cpuStore[cpu] = model.store.contents(ofBlock: gpu.index)
            }
        }
    }

    /// Copies the K/V of every block swapped back in this step into its new GPU block.
    mutating func swapIn(_ plan: StepPlan) {
        for transfer in plan.swappedIn {
            for (gpu, cpu) in zip(transfer.gpu, transfer.cpu) {
                guard let saved = cpuStore.removeValue(forKey: cpu) else { continue }
                model.store.restore(saved, intoBlock: gpu.index)
            }
        }
        // Blocks that came back through the prefix cache need no copy; their stale CPU copies
        // stay until the CPU block is reused (at most the CPU pool's size of them).
    }

    /// Runs the plan's chunks; returns the logits of each chunk's last token by request.
    mutating func run(_ plan: StepPlan, scheduler: Scheduler) -> [RequestID: [Float]] {
        var inputs: [ForwardInput] = []
        inputs.reserveCapacity(plan.chunks.count)
        for chunk in plan.chunks {
            guard let request = scheduler.requests[chunk.request] else { continue }
            let tokens = request.allTokens
            let table = scheduler.kv.blockTable(of: scheduler.sequence(chunk.request)).map(\.index)
            inputs.append(ForwardInput(
                sequenceID: chunk.request.rawValue,
                tokens: Array(tokens[chunk.startPosition..<(chunk.startPosition + chunk.numTokens)]),
                startPosition: chunk.startPosition,
                blockTable: table))
        }
        var logits: [RequestID: [Float]] = [:]
        for output in model.forward(inputs) {
            logits[RequestID(output.sequenceID)] = output.logits
        }
        return logits
    }

    /// The next token of `request`: its forced continuation while there is one, else greedy or a
    /// seeded draw. The draw's seed depends only on (seed, request, position), so replaying a
    /// step reproduces it exactly.
    func sample(_ request: Request, logits: [Float]?) -> TokenID {
        let id = request.id
        let base = request.parent ?? id
        let index = request.outputTokens.count
        if let continuations = forced[base.rawValue], request.sampleIndex < continuations.count {
            let tokens = continuations[request.sampleIndex]
            if index < tokens.count { return tokens[index] }
        }
        guard let logits else { return Tokenizer.unknown }
        var mixed = seed ^ (UInt64(truncatingIfNeeded: id.rawValue) &* 0x9E37_79B9_7F4A_7C15)
        mixed ^= UInt64(truncatingIfNeeded: index) &* 0xC2B2_AE3D_27D4_EB4F
        var sampler = Sampler(temperature > 0 ? .temperature(Float(temperature)) : .greedy,
                              seed: mixed, excluding: tokenizer.specialTokenIDs)
        return sampler.next(logits: logits)
    }
}
