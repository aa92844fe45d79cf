import KVBase
import KVCore

/// Token ids for memory-only runs: deterministic per (request, position), spread over a
/// LLaMA-sized vocabulary, so that prefix caching sees realistic, non-repeating outputs.
enum SyntheticTokens {
    static let vocabularySize: UInt64 = 32_000

    static func token(request: RequestID, index: Int) -> TokenID {
        var x = UInt64(bitPattern: Int64(request.rawValue)) &* 0x9E37_79B9_7F4A_7C15
        x ^= UInt64(bitPattern: Int64(index)) &+ 0xBF58_476D_1CE4_E5B9
        return TokenID(truncatingIfNeeded: SplitMix64.mix(x) % vocabularySize)
    }
}
