import KVBase

/// The token content of a traced prompt, written out on demand. A trace gives lengths, not
/// text; what prefix caching needs is that equal content gives equal tokens and different
/// content different ones.
///
/// Mooncake: token `o` (0..<512) of the trace block with hash id `h` is `mix(seed, h, o)`.
/// Two prompts that share their first `k` hash ids therefore share their first `512 k` tokens
/// exactly, and differ from there on. A run with block size `B` hashes `B` tokens at a time,
/// chained from the start, so a run block is a hit exactly when every token up to its end is
/// shared: the hit covers `floor(512 k / B)` run blocks. When `B` divides 512 that is all of
/// the shared prefix (`512 k / B` blocks); when it does not, the run block that straddles the
/// end of the shared prefix misses, as it would in vLLM with the real text, and so does a
/// trace's partial last block once a block outgrows it.
///
/// Azure: no ids; the prompt's tokens are a function of the request's id, so no two prompts
/// share a block.
struct TracePrompt: Sendable {
    let blockIDs: [Int]
    let requestID: Int
    let seed: UInt64
    let vocabSize: Int

    /// Separates the trace streams from each other and from the generated workloads'.
    private static let blockStream: UInt64 = 0x4D4F_4F4E_4341_4B45
    private static let uniqueStream: UInt64 = 0x415A_5552_4521

    func tokens(count: Int) -> [Int32] {
        let blockTokens = RequestTrace.traceBlockTokens
        var tokens = [Int32](repeating: 0, count: count)
        let vocab = UInt64(vocabSize)
        // One 64-bit hash gives two tokens (its halves), each mapped onto 0..<vocab by a
        // multiply and a shift rather than a division: a long prompt is millions of tokens.
        @inline(__always) func token(_ half: UInt64) -> Int32 { Int32(truncatingIfNeeded: (half * vocab) >> 32) }
        tokens.withUnsafeMutableBufferPointer { out in
            var position = 0
            var block = 0
            while position < count {
                let key: UInt64 = block < blockIDs.count
                    ? SplitMix64.mix(seed ^ Self.blockStream ^ (UInt64(blockIDs[block]) &* 0x9E37_79B9_7F4A_7C15))
                    : SplitMix64.mix(SplitMix64.mix(seed ^ Self.uniqueStream ^ (UInt64(requestID) &* 0xC2B2_AE3D_27D4_EB4F)) ^ UInt64(block))
                let end = Swift.min(count, position + blockTokens)
                var pair: UInt64 = 0
                while position < end {
                    let hash = SplitMix64.mix(key &+ pair)
                    out[position] = token(hash & 0xFFFF_FFFF)
                    if position + 1 < end { out[position + 1] = token(hash >> 32) }
                    position += 2
                    pair += 1
                }
                position = end
                block += 1
            }
        }
        return tokens
    }
}
