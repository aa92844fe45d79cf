import KVCore

/// Token ids for memory-only runs: deterministic per (request, position), spread over a
/// LLaMA-sized vocabulary, so that prefix caching sees realistic, non-repeating outputs.
enum SyntheticTokens {
    static let vocabularySize: UInt64 = 32_000

    static func token(request: RequestID, index: Int) -> TokenID {
        var x = UInt64(bitPattern: Int64(request.rawValue)) &* 0x9E37_79B9_7F4A_7C15
        x ^= UInt64(bitPattern: Int64(index)) &+ 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        x ^= x >> 31
        return TokenID(truncatingIfNeeded: x % vocabularySize)
    }
}
