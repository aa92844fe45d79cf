/// The request-trace formats kvviz reads.
public enum RequestTraceFormat: String, Sendable, CaseIterable {
    /// Azure LLM inference traces (2023): CSV, `TIMESTAMP,ContextTokens,GeneratedTokens`.
    case azure
    /// Mooncake FAST'25 traces: JSONL, `timestamp` (ms), `input_length`, `output_length`, `hash_ids`.
    case mooncake

    /// The format a file's first non-blank line shows: a JSON object is Mooncake, a header
    /// naming `ContextTokens` is Azure; otherwise the extension decides (.csv, .jsonl/.json).
    static func detect(firstLine: UnsafeBufferPointer<UInt8>, path: String) -> RequestTraceFormat? {
        if let first = firstLine.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) {
            if first == UInt8(ascii: "{") { return .mooncake }
        }
        let text = String(decoding: firstLine.prefix(4096), as: UTF8.self).lowercased()
        if text.contains("contexttokens") || text.contains("generatedtokens") { return .azure }
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .azure }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") { return .mooncake }
        return nil
    }
}
