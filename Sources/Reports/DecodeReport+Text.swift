import Foundation
import KVBase
import ToyDecoder

extension DecodeReport {
    /// The model and the prompt, one row a step (K/V computed, with and without a cache, the
    /// token), then the generated text and the totals; every line ends with a newline.
    public var text: String {
        let c = ToyModelConfig(vocabSize: tokenizer.vocabSize)
        let cacheLine = cache == "paged" ? "paged KV cache, block size \(blockSize)" : "no cache (recompute every step)"
        var lines = ["toy decoder: \(c.layers) layers, \(c.heads) query heads / \(c.kvHeads) KV heads, dim \(c.dim), seed \(seed); \(cacheLine)"]
        lines.append("prompt: \(Self.quoted(prompt)) = \(promptTokens.count) tokens")
        if !unknown.isEmpty {
            lines.append("note: not in the toy vocabulary, read as <unk>: \(unknown.map { SafeText.escaped(String($0)) }.joined(separator: " "))")
        }
        lines.append("")
        lines.append("step  computed  total  with cache  without cache  token")
        for step in steps {
            let columns = [
                RunFormat.padLeft(String(step.number), 4), RunFormat.padLeft(String(step.kvComputed), 8),
                RunFormat.padLeft(String(step.kvComputedTotal), 5),
                RunFormat.padLeft(String(step.kvWithCacheTotal), 10), RunFormat.padLeft(String(step.kvWithoutCacheTotal), 13),
            ]
            lines.append(columns.joined(separator: "  ") + "  " + Self.quoted(tokenizer.tokenString(step.token)))
        }
        let last = steps[steps.count - 1]
        lines.append("")
        lines.append("text: \(Self.quoted(generatedText))")
        let ratio = Double(last.kvWithoutCacheTotal) / Double(last.kvWithCacheTotal)
        lines.append("K/V computed: \(last.kvComputedTotal) (with a cache: \(last.kvWithCacheTotal), without: "
            + "\(last.kvWithoutCacheTotal), \(String(format: "%.1f", ratio))x as many)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in double quotes, safe for a terminal: control characters (escape sequences,
    /// newlines, tabs) and bidirectional overrides shown as visible escapes (`SafeText`).
    static func quoted(_ text: String) -> String {
        "\"" + SafeText.escaped(text) + "\""
    }
}
