import Foundation
import KVBase

extension ModelPreset {
    /// Model families whose `config.json` kvviz reads, by their `model_type`.
    static let configFamilies = ["llama", "mistral", "qwen2", "opt", "gpt_neox", "deepseek_v2", "deepseek_v3"]

    /// The largest config.json read (real ones are a few KiB).
    static let maxConfigBytes = 4 << 20

    /// Reads a Hugging Face `config.json` file (see ``init(huggingFaceConfig:file:)``).
    public static func load(configFile path: String) throws(ModelConfigError) -> ModelPreset {
        // A regular file only, read up to a bound: a directory, FIFO or device gets a plain
        // reason before anything blocks (InputFile opens without blocking and checks with fstat).
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: maxConfigBytes, expecting: "a config.json")
        } catch {
            throw ModelConfigError(file: path, field: nil, message: error.reason)
        }
        let data = Data(bytes)
        return try ModelPreset(huggingFaceConfig: data, file: path)
    }

    /// A model from the text of a Hugging Face `config.json`: LLaMA, Mistral, Qwen2, OPT,
    /// GPT-NeoX and DeepSeek-V2/V3 (`model_type` decides which fields are read). Every field is
    /// checked for presence, type and range, and heads must split evenly into KV heads; the
    /// first problem is thrown naming `file` and the field.
    public init(huggingFaceConfig data: Data, file: String) throws(ModelConfigError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ModelConfigError(file: file, field: nil, message: "is not JSON: pass a Hugging Face config.json")
        }
        guard let fields = object as? [String: Any] else {
            throw ModelConfigError(file: file, field: nil, message: "is not a JSON object: pass a Hugging Face config.json")
        }
        let reader = ConfigReader(file: file, fields: fields)
        let family = try reader.string("model_type")
        guard Self.configFamilies.contains(family) else {
            throw reader.fail("model_type", "is '\(family)', which kvviz cannot size: use one of \(Self.configFamilies.joined(separator: ", "))")
        }
        let id = SafeText.escaped(Self.configID(file: file))  // shown in reports and on screen
        let hidden = try reader.int("hidden_size", max: 1 << 17)
        let heads = try reader.int("num_attention_heads", max: 1 << 12)
        let layers = try reader.int("num_hidden_layers", max: 1 << 11)
        let vocab = try reader.int("vocab_size", max: 1 << 22)
        let context = try reader.int("max_position_embeddings", max: 1 << 24)
        let dtype = try reader.dtype()
        switch family {
        case "opt":
            let ffn = try reader.int("ffn_dim", max: 1 << 19)
            try reader.requireDivisible(hidden, "hidden_size", by: heads, "num_attention_heads")
            self.init(id: id, displayName: id, architecture: .opt, numLayers: layers, numHeads: heads,
                      numKVHeads: heads, headDim: hidden / heads, hiddenSize: hidden, intermediateSize: ffn,
                      vocabSize: vocab, maxModelLen: context,
                      tiedEmbeddings: try reader.bool("tie_word_embeddings", default: true),
                      weightDType: dtype, publishedParameterCount: 0)
        case "gpt_neox":
            try reader.requireDivisible(hidden, "hidden_size", by: heads, "num_attention_heads")
            self.init(id: id, displayName: id, architecture: .gptNeoX, numLayers: layers, numHeads: heads,
                      numKVHeads: heads, headDim: hidden / heads, hiddenSize: hidden,
                      intermediateSize: try reader.int("intermediate_size", max: 1 << 19),
                      vocabSize: vocab, maxModelLen: context,
                      tiedEmbeddings: try reader.bool("tie_word_embeddings", default: false),
                      weightDType: dtype, publishedParameterCount: 0)
        case "deepseek_v2", "deepseek_v3":
            let rank = try reader.int("kv_lora_rank", max: 1 << 14)
            let rope = try reader.int("qk_rope_head_dim", max: 1 << 12)
            let noRope = try reader.int("qk_nope_head_dim", max: 1 << 12)
            let value = try reader.int("v_head_dim", max: 1 << 12)
            let queryRank = try reader.optionalInt("q_lora_rank", max: 1 << 14)
            let routed = try reader.optionalInt("n_routed_experts", max: 1 << 10)
            var experts: Experts?
            if let routed {
                experts = Experts(
                    routed: routed, shared: try reader.optionalInt("n_shared_experts", max: 1 << 6) ?? 0,
                    perToken: try reader.int("num_experts_per_tok", max: routed),
                    intermediateSize: try reader.int("moe_intermediate_size", max: 1 << 18),
                    denseLayers: try reader.optionalInt("first_k_dense_replace", max: layers, allowZero: true) ?? 0)
            }
            let weights = reader.quantizedToFP8 ? DType.fp8 : dtype
            self.init(id: id, displayName: id, architecture: .deepseek, numLayers: layers, numHeads: heads,
                      numKVHeads: try reader.optionalInt("num_key_value_heads", max: heads) ?? heads,
                      headDim: noRope + rope, hiddenSize: hidden,
                      intermediateSize: try reader.int("intermediate_size", max: 1 << 19),
                      vocabSize: vocab, maxModelLen: context,
                      tiedEmbeddings: try reader.bool("tie_word_embeddings", default: false),
                      weightDType: weights, publishedParameterCount: 0,
                      attention: .latent(kvLoraRank: rank, ropeHeadDim: rope), experts: experts,
                      queryLoraRank: queryRank, valueHeadDim: value)
        default:  // llama, mistral, qwen2
            let kvHeads = try reader.optionalInt("num_key_value_heads", max: 1 << 12) ?? heads
            try reader.requireDivisible(heads, "num_attention_heads", by: kvHeads, "num_key_value_heads")
            let headDim: Int
            if let explicit = try reader.optionalInt("head_dim", max: 1 << 12) {
                headDim = explicit
            } else {
                try reader.requireDivisible(hidden, "hidden_size", by: heads, "num_attention_heads")
                headDim = hidden / heads
            }
            var window = try reader.optionalInt("sliding_window", max: 1 << 24)
            if family == "qwen2", !(try reader.bool("use_sliding_window", default: false)) { window = nil }
            if let current = window, current >= context { window = nil }
            self.init(id: id, displayName: id, architecture: family == "qwen2" ? .qwen2 : .llama,
                      numLayers: layers, numHeads: heads, numKVHeads: kvHeads, headDim: headDim,
                      hiddenSize: hidden, intermediateSize: try reader.int("intermediate_size", max: 1 << 19),
                      vocabSize: vocab, maxModelLen: context,
                      tiedEmbeddings: try reader.bool("tie_word_embeddings", default: false),
                      weightDType: dtype, publishedParameterCount: 0, slidingWindow: window)
        }
        // Bounded fields keep every count below 2^63; check the total once more all the same.
        let approximate = Double(numLayers) * Double(parametersPerLayer) * 2 + Double(vocabSize) * Double(hiddenSize) * 2
        guard approximate < 1e17 else {
            throw ModelConfigError(file: file, field: "num_hidden_layers",
                                   message: "makes a model of about \(approximate) parameters: check the config's sizes")
        }
    }

    /// The id a config file's model goes by: its directory's name for `config.json`
    /// (`models/Mistral-7B-v0.1/config.json` -> `Mistral-7B-v0.1`), else the file's base name.
    static func configID(file: String) -> String {
        let parts = file.split(separator: "/").map(String.init)
        guard let last = parts.last else { return "config" }
        if last == "config.json", parts.count >= 2 { return parts[parts.count - 2] }
        return last.hasSuffix(".json") ? String(last.dropLast(5)) : last
    }
}

/// Typed, range-checked access to the fields of a parsed config.json.
private struct ConfigReader {
    let file: String
    let fields: [String: Any]

    func fail(_ field: String, _ message: String) -> ModelConfigError {
        ModelConfigError(file: file, field: field, message: message)
    }

    func string(_ key: String) throws(ModelConfigError) -> String {
        guard let value = fields[key] else { throw fail(key, "is missing: a Hugging Face config.json names its model_type") }
        guard let text = value as? String else { throw fail(key, "is not a string") }
        return text
    }

    func int(_ key: String, max: Int) throws(ModelConfigError) -> Int {
        guard let value = try optionalInt(key, max: max) else {
            throw fail(key, "is missing: kvviz needs it to size the model; copy it from the model's config.json")
        }
        return value
    }

    /// nil when absent or JSON null; an error when present but not a whole number in 1...max.
    func optionalInt(_ key: String, max: Int, allowZero: Bool = false) throws(ModelConfigError) -> Int? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !Self.isBool(value) else {
            throw fail(key, "is \(Self.describe(value)): expected a whole number")
        }
        let double = number.doubleValue
        guard double.rounded() == double, double.isFinite else {
            throw fail(key, "is \(double): expected a whole number")
        }
        let low = allowZero ? 0 : 1
        guard double >= Double(low), double <= Double(max) else {
            throw fail(key, "is \(Self.describe(value)): expected \(low) to \(max)")
        }
        return Int(double)
    }

    func bool(_ key: String, default fallback: Bool) throws(ModelConfigError) -> Bool {
        guard let value = fields[key], !(value is NSNull) else { return fallback }
        guard let number = value as? NSNumber, Self.isBool(value) else {
            throw fail(key, "is \(Self.describe(value)): expected true or false")
        }
        return number.boolValue
    }

    /// `torch_dtype` (newer configs: `dtype`); float16 when neither is given.
    func dtype() throws(ModelConfigError) -> DType {
        for key in ["torch_dtype", "dtype"] {
            guard let value = fields[key], !(value is NSNull) else { continue }
            guard let name = value as? String, let parsed = try? DType(parsing: name) else {
                throw fail(key, "is \(Self.describe(value)): expected float32, float16 or bfloat16")
            }
            return parsed
        }
        return .fp16
    }

    /// DeepSeek-V3 ships fp8 weights (`quantization_config.quant_method` = "fp8").
    var quantizedToFP8: Bool {
        guard let quantization = fields["quantization_config"] as? [String: Any] else { return false }
        return (quantization["quant_method"] as? String)?.lowercased() == "fp8"
    }

    func requireDivisible(_ value: Int, _ name: String, by divisor: Int, _ divisorName: String) throws(ModelConfigError) {
        guard value % divisor == 0 else {
            throw fail(name, "is \(value), not divisible by \(divisorName) \(divisor): each KV head must serve a whole group of heads; check both fields")
        }
    }

    /// JSON true/false: Foundation hands them over as a boolean NSNumber, which also converts
    /// to Int, so the class tells them apart from 1 and 0.
    private static func isBool(_ value: Any) -> Bool {
        String(describing: type(of: value)).contains("Boolean") || type(of: value) == Bool.self
    }

    private static func describe(_ value: Any) -> String {
        if let text = value as? String {
            let shown = text.unicodeScalars.prefix(40).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
            return "\"\(shown)\""
        }
        if let number = value as? NSNumber {
            return isBool(value) ? (number.boolValue ? "true" : "false") : number.stringValue
        }
        if value is [Any] { return "a list" }
        if value is [String: Any] { return "an object" }
        return "\(type(of: value))"
    }
}
