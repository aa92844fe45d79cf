import KVCore

extension Engine {
    /// Beam search needs the decoder's logits, one sequence per beam within `max_num_seqs`, and
    /// no other way of choosing tokens.
    static func validateBeams(_ request: EngineRequest, _ config: EngineConfig) throws(EngineError) {
        guard let width = request.beamWidth else { return }
        let limit = config.scheduler.maxNumSeqs
        guard width >= 1, width <= limit else {
            throw EngineError.invalidRequest(request: request.id, .beamWidthOutsideRange(width: width, maxNumSeqs: limit))
        }
        guard case .decoder = config.mode else {
            throw EngineError.invalidRequest(request: request.id, .beamsNeedDecoder)
        }
        guard request.samples == 1 else {
            throw EngineError.invalidRequest(request: request.id, .beamsWithSamples(samples: request.samples))
        }
        guard request.forcedContinuations.isEmpty else {
            throw EngineError.invalidRequest(request: request.id, .beamsWithContinuations)
        }
    }

    /// Every beam may end up with blocks of its own, and a preempted beam waits for the others
    /// (which hold their blocks while they wait), so the pool must hold every beam of every
    /// beam-search request at full length (`used` sums them); a smaller pool could leave a
    /// search waiting forever.
    static func validateBeamPool(_ request: EngineRequest, promptLength: Int, _ config: EngineConfig,
                                 used: inout Int) throws(EngineError) {
        guard let width = request.beamWidth, width > 1 else { return }
        let perBeam = (promptLength + request.maxTokens + config.blockSize - 1) / config.blockSize
        let needed = width * perBeam
        used += needed
        guard used <= config.numBlocks else {
            let others = used - needed
            throw EngineError.invalidRequest(request: request.id, .beamsAbovePool(width: width, tokens: promptLength + request.maxTokens,
                                                                                  blocks: needed, others: others,
                                                                                  numBlocks: config.numBlocks))
        }
    }
}
