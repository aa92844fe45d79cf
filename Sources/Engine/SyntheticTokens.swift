import KVBase
import KVCore

/// Output token ids for memory-only runs: deterministic per (request, sample, position). From a
/// workload, they are the workload's own answers, so a follow-up turn that resends an answer
/// hits its blocks; otherwise a fixed hash spread over a LLaMA-sized vocabulary, so that prefix
/// caching sees realistic, non-repeating outputs.
package struct SyntheticTokens: Sendable {
    static let vocabularySize: UInt64 = 32_000
    private let generator: WorkloadGenerator?

    init(_ source: MemoryOnlyTokens) {
        switch source {
        case .synthetic: generator = nil
        case let .workload(spec): generator = try? WorkloadGenerator(spec: spec)
        }
    }

    /// The next output token of `request` (a sample or child answers as its base request's
    /// sample `sampleIndex`).
    func next(for request: borrowing Request) -> TokenID {
        let index = request.outputTokens.count
        guard let generator else { return SyntheticTokens.token(request: request.id, index: index) }
        let base = request.parent ?? request.id
        return generator.outputToken(requestID: base.rawValue, index: index, sample: request.sampleIndex)
    }

    package static func token(request: RequestID, index: Int) -> KVCore.TokenID {
        var x = UInt64(bitPattern: Int64(request.rawValue)) &* 0x9E37_79B9_7F4A_7C15
        x ^= UInt64(bitPattern: Int64(index)) &+ 0xBF58_476D_1CE4_E5B9
        return TokenID(truncatingIfNeeded: SplitMix64.mix(x) % vocabularySize)
    }
}
