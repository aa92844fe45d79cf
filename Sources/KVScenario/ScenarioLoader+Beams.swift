extension ScenarioLoader {
    /// A request with `beam_width` runs the decoder's beam search: it needs the decoder's
    /// logits, chooses its own tokens, and keeps its beams within `max_num_seqs`.
    static func checkBeams(_ request: Scenario.Request, in scenario: Scenario,
                           fail: (String, ScenarioError.Rule) -> ScenarioError) throws(ScenarioError) {
        guard let width = request.beamWidth else { return }
        if scenario.mode != .decoder {
            throw fail("beam_width", .beamsNeedDecoder)
        }
        if request.samples > 1 {
            throw fail("beam_width", .beamsWithSamples(samples: request.samples))
        }
        if !request.continuations.isEmpty {
            throw fail("beam_width", .beamsWithContinuations)
        }
        if width > scenario.scheduler.maxNumSeqs {
            throw fail("beam_width", .beamsAboveMaxNumSeqs(width: width, maxNumSeqs: scenario.scheduler.maxNumSeqs))
        }
    }
}
