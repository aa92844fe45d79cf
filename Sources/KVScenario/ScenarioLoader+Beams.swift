extension ScenarioLoader {
    /// A request with `beam_width` runs the decoder's beam search: it needs the decoder's
    /// logits, chooses its own tokens, and keeps its beams within `max_num_seqs`.
    static func checkBeams(_ request: Scenario.Request, in scenario: Scenario,
                           fail: (String, String) -> ScenarioError) throws(ScenarioError) {
        guard let width = request.beamWidth else { return }
        if scenario.mode != .decoder {
            throw fail("beam_width", "needs mode: decoder; beam search scores the toy decoder's logits")
        }
        if request.samples > 1 {
            throw fail("beam_width", "cannot be combined with n = \(request.samples); use one of them")
        }
        if !request.continuations.isEmpty {
            throw fail("beam_width", "chooses tokens by score; remove the continuations")
        }
        if width > scenario.scheduler.maxNumSeqs {
            throw fail("beam_width", "is \(width) beams, above scheduler.max_num_seqs \(scenario.scheduler.maxNumSeqs); lower it or raise max_num_seqs")
        }
    }
}
