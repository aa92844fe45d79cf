/// The terms of vLLM's start-up sizing a narration can quote with `{sizing term=...}`: the rows
/// `kvviz memory` prints, from the same `MemoryPlan`. Without arguments they are the figures of
/// the scenario's own model, GPU and batching (the memory bar on screen); `model=`, `gpu=`,
/// `dtype=`, `tp=`, `batched=` (max_num_batched_tokens, the profiling run's batch), `util=`
/// (gpu_memory_utilization), `max_model_len=` and `vllm=` size another setup.
public enum SizingTerm: String, CaseIterable, Sendable {
    /// GPU memory as PyTorch sees it (vLLM's `total_gpu_memory`).
    case gpuMemory = "gpu_memory"
    /// `gpu_memory x gpu_memory_utilization`: everything the engine may take.
    case usable
    /// What `gpu_memory_utilization` leaves to other processes (and, from 0.18, CUDA graphs).
    case reserve
    /// One GPU's share of the weights, with the rotary table vLLM loads beside them.
    case weights
    /// The profiling run's activation peak.
    case activations
    /// Memory allocated outside PyTorch that the profiler charges to the engine.
    case nonTorch = "non_torch"
    /// What is left for the KV cache.
    case kvBudget = "kv_budget"
    /// KV bytes one token takes on one GPU (MLA's latent is not split by tensor parallelism).
    case kvPerToken = "kv_per_token"
    /// Blocks the budget is cut into.
    case blocks
    /// "The maximum number of tokens that can be stored in KV cache": blocks x block size; with
    /// `dp=N`, N engines each with its own pool hold N times as many.
    case kvTokens = "kv_tokens"
    /// "Maximum concurrency for max_model_len tokens per request", as vLLM prints it ("1.23x").
    case maxConcurrency = "max_concurrency"
    /// A hybrid model's layers of each attention type (a model without a window: all full).
    case fullLayers = "full_layers", slidingLayers = "sliding_layers"
    /// Layers in each KV-cache group, so that every group's page has one size.
    case groupSize = "group_size"
    /// KV-cache groups the layers make (1 for a model whose layers all attend alike).
    case kvGroups = "kv_groups"
    /// Layers added to fill the last group of a type, and vLLM's "may waste at most" share:
    /// padding layers over the layers of their type ("15.38%").
    case paddingLayers = "padding_layers", paddingWaste = "padding_waste"
}
