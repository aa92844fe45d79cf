import KVCore
@testable import Engine
import KVScenario

/// Small runs used across the engine tests.
enum Runs {
    static func decoder(blocks: Int, blockSize: Int = 4, budget: Int = 64, maxSeqs: Int = 8,
                        prefixCaching: Bool = true, sampling: ParallelSamplingDesign = .v1,
                        preemption: PreemptionMode = .recompute, cpuBlocks: Int = 0,
                        requests: [EngineRequest]) throws -> Engine {
        let config = EngineConfig(numBlocks: blocks, blockSize: blockSize,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: budget, maxNumSeqs: maxSeqs,
                                                             sampling: sampling, preemption: preemption,
                                                             cpuBlocks: cpuBlocks),
                                  prefixCaching: prefixCaching, mode: .decoder(seed: 7, temperature: 0),
                                  maxModelLen: 64)
        return try Engine(config: config, requests: requests)
    }

    static let prompts = ["今天天气", "Hello, how are you?", "KV cache blocks", "天气很好", "paged attention"]

    static func chat(count: Int, maxTokens: Int = 12) -> [EngineRequest] {
        (0..<count).map { i in
            EngineRequest(id: i, arrivalStep: i / 2, prompt: .text(prompts[i % prompts.count]), maxTokens: maxTokens)
        }
    }

    /// Generated text of each base request once the run is over.
    static func outputs(_ engine: inout Engine) -> [Int: [String]] {
        engine.runToEnd()
        let snapshot = engine.snapshot
        var result: [Int: [String]] = [:]
        for request in snapshot.requests {
            result[request.id.rawValue] = Array(request.tokenTexts.suffix(request.outputLength))
        }
        return result
    }
}
