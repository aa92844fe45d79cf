import KVCore

extension Engine {
    /// Beam search needs the decoder's logits, one sequence per beam within `max_num_seqs`, and
    /// no other way of choosing tokens.
    static func validateBeams(_ request: EngineRequest, _ config: EngineConfig) throws {
        guard let width = request.beamWidth else { return }
        let limit = config.scheduler.maxNumSeqs
        guard width >= 1, width <= limit else {
            throw EngineError.invalidRequest(request: request.id, field: "beam_width",
                                             message: "is \(width); expected 1...\(limit) beams (each beam is a sequence under max_num_seqs \(limit))")
        }
        guard case .decoder = config.mode else {
            throw EngineError.invalidRequest(request: request.id, field: "beam_width",
                                             message: "needs the toy decoder's logits; run with the decoder or remove beam_width")
        }
        guard request.samples == 1 else {
            throw EngineError.invalidRequest(request: request.id, field: "beam_width",
                                             message: "cannot be combined with n = \(request.samples); use one of them")
        }
        guard request.forcedContinuations.isEmpty else {
            throw EngineError.invalidRequest(request: request.id, field: "beam_width",
                                             message: "chooses tokens by score; remove the request's continuations")
        }
    }
}
