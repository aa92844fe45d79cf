import KVBase
import ToyDecoder

/// Everything `kvviz decode` prints: the inputs, the steps of the toy decoder's run and, per
/// step, the K/V it computed beside what a run with and without a cache computes.
public struct DecodeReport: Sendable {
    let tokenizer: Tokenizer
    let prompt: String
    let promptTokens: [TokenID]
    let unknown: [Unicode.Scalar]
    /// "paged" (a KV cache) or "none" (the whole sequence recomputed at every step).
    let cache: String
    let blockSize: Int
    let seed: UInt64
    let temperature: Float
    let steps: [DecodeStep]

    /// `steps` must not be empty (a decode generates at least one token).
    public init(tokenizer: Tokenizer, prompt: String, promptTokens: [TokenID], unknown: [Unicode.Scalar], cache: String,
                blockSize: Int, seed: UInt64, temperature: Float, steps: [DecodeStep]) {
        precondition(!steps.isEmpty, "a decode report needs at least one step")
        self.tokenizer = tokenizer
        self.prompt = prompt
        self.promptTokens = promptTokens
        self.unknown = unknown
        self.cache = cache
        self.blockSize = blockSize
        self.seed = seed
        self.temperature = temperature
        self.steps = steps
    }

    var generatedText: String { tokenizer.decode(steps.map(\.token)) }

    /// kvviz's JSON style, keys in this order: the inputs (prompt, its tokens, unknown
    /// characters, cache, seed, temperature), the output (tokens, text), the totals, then one
    /// object a step.
    public var json: String {
        let last = steps[steps.count - 1]
        var object = JSONObject()
        object.add("prompt", prompt)
        object.add("prompt_tokens", promptTokens.map { JSON.string(tokenizer.tokenString($0)) })
        object.add("unknown_characters", unknown.map { JSON.string(String($0)) })
        object.add("cache", cache)
        object.add("seed", Int(truncatingIfNeeded: seed))
        // As entered: 0.8, not the float's 0.800000011920929.
        object.add("temperature", Double(String(temperature)) ?? Double(temperature))
        object.add("tokens", steps.map { JSON.string(tokenizer.tokenString($0.token)) })
        object.add("text", generatedText)
        object.add("kv_computed_total", last.kvComputedTotal)
        object.add("kv_with_cache_total", last.kvWithCacheTotal)
        object.add("kv_without_cache_total", last.kvWithoutCacheTotal)
        object.add("steps", steps.map { step -> JSON in
            var entry = JSONObject()
            entry.add("step", step.number)
            entry.add("token", tokenizer.tokenString(step.token))
            entry.add("token_id", Int(step.token))
            entry.add("kv_computed", step.kvComputed)
            entry.add("kv_computed_total", step.kvComputedTotal)
            entry.add("kv_with_cache_total", step.kvWithCacheTotal)
            entry.add("kv_without_cache_total", step.kvWithoutCacheTotal)
            return .object(entry)
        })
        return object.rendered
    }
}
