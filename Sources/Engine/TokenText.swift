import KVBase
import KVCore
import ToyDecoder

/// How token ids read on screen: the decoder's characters, or `#id` for synthetic tokens.
struct TokenText: Sendable {
    let tokenizer: Tokenizer?

    func text(of token: TokenID) -> String {
        guard let tokenizer else { return "#\(token)" }
        // A prompt's control characters stay in the tokens but are drawn as visible escapes.
        return SafeText.escaped(tokenizer.tokenString(token))
    }
}
