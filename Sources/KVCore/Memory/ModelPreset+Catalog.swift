extension ModelPreset {
    /// Every model the command line knows, in the order `kvviz memory --list` shows them.
    ///
    /// Fields come from each model's published `config.json` on its official model page
    /// (meta-llama, mistralai, Qwen, facebook); published parameter counts from the model cards
    /// (OPT-13B's "13B" from the OPT paper's table).
    public static let all: [ModelPreset] = [
        llama2_7b, llama2_13b, llama2_70b, llama3_8b, mistral7b, qwen25_7b, opt13b, deepseekV3, gemma3_27b,
    ]

    /// LLaMA-2-7B: multi-head attention, 32 layers of 32 heads; the chapter's main example.
    public static let llama2_7b = ModelPreset(
        id: "llama-2-7b", displayName: "LLaMA-2-7B", architecture: .llama,
        numLayers: 32, numHeads: 32, numKVHeads: 32, headDim: 128, hiddenSize: 4096,
        intermediateSize: 11008, vocabSize: 32000, maxModelLen: 4096, tiedEmbeddings: false,
        weightDType: .fp16, publishedParameterCount: 6_740_000_000)

    static let llama2_13b = ModelPreset(
        id: "llama-2-13b", displayName: "LLaMA-2-13B", architecture: .llama,
        numLayers: 40, numHeads: 40, numKVHeads: 40, headDim: 128, hiddenSize: 5120,
        intermediateSize: 13824, vocabSize: 32000, maxModelLen: 4096, tiedEmbeddings: false,
        weightDType: .fp16, publishedParameterCount: 13_000_000_000)

    /// LLaMA-2-70B: grouped-query attention, 64 query heads sharing 8 KV heads.
    public static let llama2_70b = ModelPreset(
        id: "llama-2-70b", displayName: "LLaMA-2-70B", architecture: .llama,
        numLayers: 80, numHeads: 64, numKVHeads: 8, headDim: 128, hiddenSize: 8192,
        intermediateSize: 28672, vocabSize: 32000, maxModelLen: 4096, tiedEmbeddings: false,
        weightDType: .fp16, publishedParameterCount: 69_000_000_000)

    static let llama3_8b = ModelPreset(
        id: "llama-3-8b", displayName: "Llama-3-8B", architecture: .llama,
        numLayers: 32, numHeads: 32, numKVHeads: 8, headDim: 128, hiddenSize: 4096,
        intermediateSize: 14336, vocabSize: 128_256, maxModelLen: 8192, tiedEmbeddings: false,
        weightDType: .bf16, publishedParameterCount: 8_030_000_000)

    /// Mistral-7B-v0.1: GQA and a 4,096-token sliding window, so a sequence never caches more
    /// than 4,096 tokens' K/V (128 KiB each) however long it grows toward its 32,768 context.
    public static let mistral7b = ModelPreset(
        id: "mistral-7b", displayName: "Mistral-7B-v0.1", architecture: .llama,
        numLayers: 32, numHeads: 32, numKVHeads: 8, headDim: 128, hiddenSize: 4096,
        intermediateSize: 14336, vocabSize: 32000, maxModelLen: 32768, tiedEmbeddings: false,
        weightDType: .bf16, publishedParameterCount: 7_240_000_000, slidingWindow: 4096)

    static let qwen25_7b = ModelPreset(
        id: "qwen2.5-7b", displayName: "Qwen2.5-7B", architecture: .qwen2,
        numLayers: 28, numHeads: 28, numKVHeads: 4, headDim: 128, hiddenSize: 3584,
        intermediateSize: 18944, vocabSize: 152_064, maxModelLen: 131_072, tiedEmbeddings: false,
        weightDType: .bf16, publishedParameterCount: 7_610_000_000)

    /// OPT-13B: the model of the PagedAttention paper's experiments (about 800 KB of KV a token).
    public static let opt13b = ModelPreset(
        id: "opt-13b", displayName: "OPT-13B", architecture: .opt,
        numLayers: 40, numHeads: 40, numKVHeads: 40, headDim: 128, hiddenSize: 5120,
        intermediateSize: 20480, vocabSize: 50272, maxModelLen: 2048, tiedEmbeddings: true,
        weightDType: .fp16, publishedParameterCount: 13_000_000_000)

    /// DeepSeek-V3: multi-head latent attention caches one 512-value latent plus a 64-value
    /// rotary key per layer and token (61 x 576 x 2 bytes = 70,272 B at bf16, about a tenth of
    /// LLaMA-2-7B's), and 256 routed experts (8 per token) make 671B parameters, published in
    /// fp8. Fields from the model's config.json; 671B from its model card (without the 14B of
    /// the multi-token-prediction module).
    public static let deepseekV3 = ModelPreset(
        id: "deepseek-v3", displayName: "DeepSeek-V3", architecture: .deepseek,
        numLayers: 61, numHeads: 128, numKVHeads: 128, headDim: 192, hiddenSize: 7168,
        intermediateSize: 18432, vocabSize: 129_280, maxModelLen: 163_840, tiedEmbeddings: false,
        weightDType: .fp8, publishedParameterCount: 671_000_000_000,
        attention: .latent(kvLoraRank: 512, ropeHeadDim: 64),
        experts: .init(routed: 256, shared: 1, perToken: 8, intermediateSize: 2048, denseLayers: 3),
        queryLoraRank: 1536, valueHeadDim: 128)

    /// Gemma-3-27B (instruction-tuned, with its vision encoder): a hybrid model, 52 of its 62
    /// layers attend to a 1,024-token sliding window (five sliding layers to one full one), so
    /// vLLM groups them into KV-cache groups of 10 layers with 8 padding layers. Fields from
    /// google/gemma-3-27b-it's config.json (head_dim 128 is not hidden / heads); the vision
    /// encoder's 446,164,992 parameters as `--config` counts them; 27.4B from the model card.
    public static let gemma3_27b = ModelPreset(
        id: "gemma-3-27b", displayName: "Gemma-3-27B", architecture: .llama,
        numLayers: 62, numHeads: 32, numKVHeads: 16, headDim: 128, hiddenSize: 5376,
        intermediateSize: 21504, vocabSize: 262_208, maxModelLen: 131_072, tiedEmbeddings: true,
        weightDType: .bf16, publishedParameterCount: 27_400_000_000, slidingWindow: 1024,
        slidingLayers: 52, extraParameters: 446_164_992)
}
