import KVCore
import ToyDecoder

extension DecoderRunner {
    /// One beam-search step over the toy decoder's real logits: the `width` best continuations
    /// of the live beams by cumulative log-probability (`BeamSearch.choose`, special tokens
    /// never proposed). Temperature does not apply: beam search is deterministic.
    func chooseBeams(_ round: BeamRound) -> [BeamChoice] {
        let beams = zip(round.tokens, round.scores).map { BeamSearch.Beam(tokens: $0, score: $1) }
        return BeamSearch.choose(beams, logits: round.logits, width: round.width,
                                 excluding: Set(tokenizer.specialTokenIDs))
            .map { BeamChoice(parent: $0.parent, token: $0.token, score: $0.score) }
    }
}
