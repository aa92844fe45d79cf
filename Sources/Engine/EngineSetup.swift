import KVCore
import ToyDecoder

/// Builds a run's step-0 state: the block manager, the scheduler with every request queued, and
/// in decoder mode the tokenizer and the toy model sized for the pool.
struct EngineSetup {
    let text: TokenText
    let initialState: EngineState

    /// Request ids at and above this are the scheduler's forked samples.
    static let firstForkID = 1_000_000

    init(config: EngineConfig, requests: [EngineRequest]) throws(EngineError) {
        var scheduler = Scheduler(config: config.scheduler, kv: Self.blockManager(config),
                                  forkIDsFrom: EngineSetup.firstForkID)
        var decoder: DecoderRunner?
        let encode: (EngineRequest.Prompt) -> [TokenID]

        switch config.mode {
        case let .decoder(seed, temperature):
            var texts: [String] = []
            for request in requests {
                if case let .text(prompt) = request.prompt { texts.append(prompt) }
                texts += request.forcedContinuations
            }
            let tokenizer = Tokenizer(extraText: texts)
            encode = { prompt in
                switch prompt {
                case let .text(text): return tokenizer.encode(text)
                case let .tokens(tokens): return tokens
                }
            }
            var forced: [Int: [[TokenID]]] = [:]
            var longest = 1
            for request in requests {
                if !request.forcedContinuations.isEmpty {
                    forced[request.id] = request.forcedContinuations.map { tokenizer.encode($0) }
                }
                longest = max(longest, encode(request.prompt).count + request.maxTokens)
                if case let .tokens(tokens) = request.prompt,
                   let bad = tokens.first(where: { $0 < 0 || Int($0) >= tokenizer.vocabSize }) {
                    throw EngineError.invalidRequest(request: request.id,
                                                     .tokenOutsideVocabulary(token: Int(bad), vocabulary: tokenizer.vocabSize))
                }
            }
            let context = (longest + 63) / 64 * 64
            decoder = DecoderRunner(tokenizer: tokenizer, numBlocks: config.numBlocks, blockSize: config.blockSize,
                                    contextLength: context, seed: seed, temperature: temperature, forced: forced)
            text = TokenText(tokenizer: tokenizer)
        case .memoryOnly:
            encode = { prompt in
                switch prompt {
                case let .text(text): return text.unicodeScalars.map { TokenID(truncatingIfNeeded: $0.value) }
                case let .tokens(tokens): return tokens
                }
            }
            text = TokenText(tokenizer: nil)
        }

        var workload: [WorkloadRequest] = []
        for request in requests {
            guard request.id >= 0, request.id < EngineSetup.firstForkID else {
                throw EngineError.invalidRequest(request: request.id, .idOutOfRange(maximum: EngineSetup.firstForkID - 1))
            }
            let prompt = encode(request.prompt)
            scheduler.add(Request(id: RequestID(request.id), arrivalStep: request.arrivalStep,
                                  promptTokens: prompt, maxOutputTokens: request.maxTokens,
                                  samples: request.samples, sampling: request.sampling,
                                  preemption: request.preemption, beamWidth: request.beamWidth))
            workload.append(WorkloadRequest(id: request.id, arrivalStep: request.arrivalStep, promptTokens: prompt,
                                            outputLength: request.maxTokens, samples: request.samples))
        }
        var contiguous: ContiguousTrack?
        if let policy = config.contiguousPolicy {
            contiguous = try ContiguousTrack(policy: policy, capacitySlots: config.numBlocks * config.blockSize,
                                             maxModelLen: config.maxModelLen,
                                             scheduler: config.scheduler,
                                             workload: workload.sorted { ($0.arrivalStep, $0.id) < ($1.arrivalStep, $1.id) })
        }
        initialState = EngineState(scheduler: scheduler, decoder: decoder, contiguous: contiguous,
                                   outputTokens: SyntheticTokens(config.outputTokens))
    }

    /// The run's block manager, recording events and listing the blocks each step changes.
    static func blockManager(_ config: EngineConfig) -> any BlockManager {
        if let groups = config.kvGroups {
            var kv = HybridKVCacheManager(config: HybridKVCacheConfig(numBlocks: config.numBlocks, blockSize: config.blockSize, groups: groups),
                                          enablePrefixCaching: config.prefixCaching)
            kv.checksInvariantsInDebugBuilds = config.numBlocks <= 512
            return kv
        }
        switch config.manager {
        case .fast:
            var kv = KVCacheManager(numBlocks: config.numBlocks, blockSize: config.blockSize,
                                    enablePrefixCaching: config.prefixCaching, recordsEvents: true,
                                    tracksTouchedBlocks: true)
            // A full invariant check costs O(blocks) per mutation; debug runs of realistic pools
            // (thousands of blocks) would crawl. Small pools keep the checks; the paging tests
            // check invariants after every operation on their own.
            kv.checksInvariantsInDebugBuilds = config.numBlocks <= 512
            return kv
        case .reference:
            return ReferenceBlockManager(numBlocks: config.numBlocks, blockSize: config.blockSize,
                                         enablePrefixCaching: config.prefixCaching, recordsEvents: true)
        }
    }
}
