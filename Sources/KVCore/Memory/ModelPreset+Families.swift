import Foundation

extension ModelPreset {
    /// The model a config of `family` describes, its fields read through `reader`.
    static func family(_ family: String, reader: ConfigReader, id: String, vision: Int) throws(ModelConfigError) -> ModelPreset {
        let hidden = try reader.int("hidden_size", max: 1 << 17)
        let heads = try reader.int("num_attention_heads", max: 1 << 12)
        let layers = try reader.int("num_hidden_layers", max: 1 << 11)
        let vocab = try reader.int("vocab_size", max: 1 << 22)
        let context = try reader.int("max_position_embeddings", max: 1 << 24)
        let dtype = try reader.dtype()
        let quantization = try reader.quantization()
        switch family {
        case "opt", "gpt_neox", "phi":
            try reader.requireDivisible(hidden, "hidden_size", by: heads, "num_attention_heads")
            let width = family == "opt" ? try reader.int("ffn_dim", max: 1 << 19) : try reader.int("intermediate_size", max: 1 << 19)
            let kvHeads = try reader.optionalInt("num_key_value_heads", max: heads) ?? heads
            let rotaryShare = try reader.optionalFraction(family == "gpt_neox" ? "rotary_pct" : "partial_rotary_factor") ?? 1
            return ModelPreset(
                id: id, displayName: id, architecture: family == "opt" ? .opt : .gptNeoX, numLayers: layers,
                numHeads: heads, numKVHeads: kvHeads, headDim: hidden / heads, hiddenSize: hidden,
                intermediateSize: width, vocabSize: vocab, maxModelLen: context,
                tiedEmbeddings: try reader.bool("tie_word_embeddings", default: family == "opt"),
                weightDType: dtype, publishedParameterCount: 0, extraParameters: vision, quantization: quantization,
                rotaryDim: family == "opt" ? 0 : Int(Double(hidden / heads) * rotaryShare))
        case "deepseek_v2", "deepseek_v3":
            return try latentModel(reader: reader, id: id, vision: vision, hidden: hidden, heads: heads, layers: layers,
                                   vocab: vocab, context: context, dtype: dtype, quantization: quantization)
        default:
            break
        }
        let kvHeads = try reader.optionalInt("num_key_value_heads", max: 1 << 12) ?? heads
        try reader.requireDivisible(heads, "num_attention_heads", by: kvHeads, "num_key_value_heads")
        let headDim: Int
        if let explicit = try reader.optionalInt("head_dim", max: 1 << 12) {
            headDim = explicit
        } else {
            try reader.requireDivisible(hidden, "hidden_size", by: heads, "num_attention_heads")
            headDim = hidden / heads
        }
        let (window, slidingLayers) = try slidingWindow(family: family, reader: reader, layers: layers, context: context)
        let experts = try mixtureOfExperts(family: family, reader: reader)
        var width = try reader.optionalInt("intermediate_size", max: 1 << 19) ?? 0
        if family == "llama4_text" { width = try reader.int("intermediate_size_mlp", max: 1 << 19) }
        if width == 0, experts == nil { width = try reader.int("intermediate_size", max: 1 << 19) }
        let tiedDefault = family.hasPrefix("gemma")
        return ModelPreset(
            id: id, displayName: id, architecture: family.hasPrefix("qwen2") ? .qwen2 : .llama,
            numLayers: layers, numHeads: heads, numKVHeads: kvHeads, headDim: headDim, hiddenSize: hidden,
            intermediateSize: width, vocabSize: vocab, maxModelLen: context,
            tiedEmbeddings: try reader.bool("tie_word_embeddings", default: tiedDefault),
            weightDType: dtype, publishedParameterCount: 0, slidingWindow: window, experts: experts,
            slidingLayers: slidingLayers, extraParameters: vision, quantization: quantization,
            rotaryDim: Int(Double(headDim) * (try reader.optionalFraction("partial_rotary_factor") ?? 1)),
            rotaryTables: family == "gemma3_text" ? 2 : 1)
    }

    /// The window and how many layers use it: every layer (Mistral-7B-v0.1, Qwen2 with
    /// `use_sliding_window`), every other layer (Gemma-2), all but every
    /// `sliding_window_pattern`-th (Gemma-3), or as `layer_types` lists them (gpt-oss, newer
    /// Gemma-3 configs). A window at or beyond the context is no window.
    private static func slidingWindow(family: String, reader: ConfigReader, layers: Int, context: Int) throws(ModelConfigError) -> (Int?, Int?) {
        guard var window = try reader.optionalInt("sliding_window", max: 1 << 24) else { return (nil, nil) }
        if family.hasPrefix("qwen"), !(try reader.bool("use_sliding_window", default: false)) { return (nil, nil) }
        if window >= context { window = 0 }
        guard window > 0 else { return (nil, nil) }
        if let types = reader.fields["layer_types"] {
            guard let list = types as? [String], list.count == layers else {
                throw reader.fail("layer_types", .layerTypes(layers: layers))
            }
            return (window, list.filter { $0 == "sliding_attention" }.count)
        }
        switch family {
        case "gemma2":
            return (window, (layers + 1) / 2)
        case "gemma3_text":
            let pattern = try reader.optionalInt("sliding_window_pattern", max: 1 << 10) ?? 6
            return (window, layers - layers / pattern)
        default:
            return (window, layers)
        }
    }

    /// Mixtral, gpt-oss (`num_local_experts`), Qwen-MoE (`num_experts`, a shared expert of
    /// `shared_expert_intermediate_size`), Llama 4 (one shared expert, experts every
    /// `interleave_moe_layer_step` layers); nil for a dense model.
    private static func mixtureOfExperts(family: String, reader: ConfigReader) throws(ModelConfigError) -> Experts? {
        let routedKey = ["mixtral", "gpt_oss", "llama4_text"].contains(family) ? "num_local_experts" : "num_experts"
        guard let routed = try reader.optionalInt(routedKey, max: 1 << 10) else { return nil }
        var perToken = try reader.optionalInt("num_experts_per_tok", max: routed)
        if perToken == nil { perToken = try reader.int("experts_per_token", max: routed) }
        let widthKey = family.hasSuffix("_moe") ? "moe_intermediate_size" : "intermediate_size"
        let width = try reader.int(widthKey, max: 1 << 18)
        let shared = family == "qwen2_moe" ? try reader.optionalInt("shared_expert_intermediate_size", max: 1 << 19) ?? 0 : 0
        if family == "llama4_text", (try reader.optionalInt("interleave_moe_layer_step", max: 1 << 6) ?? 1) != 1 {
            throw reader.fail("interleave_moe_layer_step", .interleavedExperts)
        }
        return Experts(routed: routed, shared: family == "llama4_text" ? 1 : 0, perToken: perToken ?? 1,
                       intermediateSize: width, denseLayers: 0, sharedIntermediateSize: shared)
    }

    /// DeepSeek-V2/V3 (and Kimi-VL's text model): multi-head latent attention and experts.
    private static func latentModel(reader: ConfigReader, id: String, vision: Int, hidden: Int, heads: Int, layers: Int,
                                    vocab: Int, context: Int, dtype: DType, quantization: WeightFormat?) throws(ModelConfigError) -> ModelPreset {
        let rank = try reader.int("kv_lora_rank", max: 1 << 14)
        let rope = try reader.int("qk_rope_head_dim", max: 1 << 12)
        let noRope = try reader.int("qk_nope_head_dim", max: 1 << 12)
        let value = try reader.int("v_head_dim", max: 1 << 12)
        let queryRank = try reader.optionalInt("q_lora_rank", max: 1 << 14)
        var experts: Experts?
        if let routed = try reader.optionalInt("n_routed_experts", max: 1 << 10) {
            experts = Experts(
                routed: routed, shared: try reader.optionalInt("n_shared_experts", max: 1 << 6) ?? 0,
                perToken: try reader.int("num_experts_per_tok", max: routed),
                intermediateSize: try reader.int("moe_intermediate_size", max: 1 << 18),
                denseLayers: try reader.optionalInt("first_k_dense_replace", max: layers, allowZero: true) ?? 0)
        }
        return ModelPreset(
            id: id, displayName: id, architecture: .deepseek, numLayers: layers, numHeads: heads,
            numKVHeads: try reader.optionalInt("num_key_value_heads", max: heads) ?? heads,
            headDim: noRope + rope, hiddenSize: hidden,
            intermediateSize: try reader.int("intermediate_size", max: 1 << 19),
            vocabSize: vocab, maxModelLen: context,
            tiedEmbeddings: try reader.bool("tie_word_embeddings", default: false),
            weightDType: quantization == .fp8 ? .fp8 : dtype, publishedParameterCount: 0,
            attention: .latent(kvLoraRank: rank, ropeHeadDim: rope), experts: experts,
            queryLoraRank: queryRank, valueHeadDim: value, extraParameters: vision,
            quantization: quantization == .fp8 ? nil : quantization)
    }
}
