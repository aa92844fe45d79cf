import KVCore
import ToyDecoder

/// How token ids read on screen: the decoder's characters, or `#id` for synthetic tokens.
struct TokenText: Sendable {
    let tokenizer: Tokenizer?

    func text(of token: TokenID) -> String {
        guard let tokenizer else { return "#\(token)" }
        return tokenizer.tokenString(token)
    }
}
