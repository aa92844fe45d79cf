extension Placeholder {
    /// Every narration placeholder, by the name a scenario writes in braces (`{kv_used}`). The one
    /// list: the parser's vocabulary, the arguments each takes, what it needs from the scenario
    /// and the figure it stands for (`NarrationValues`, an exhaustive switch) all follow from this
    /// enum, so a new placeholder is one case here plus its value there, and the compiler asks for
    /// both.
    public enum Kind: String, CaseIterable, Sendable {
        case step
        case kvComputedTotal = "kv_computed_total"
        case kvWithoutCacheTotal = "kv_without_cache_total"
        case kvComputedStep = "kv_computed_step"
        case kvWithoutCacheStep = "kv_without_cache_step"
        case kvReadStep = "kv_read_step"
        case cpuBlocks = "cpu_blocks"
        case swappedOutBlocks = "swapped_out_blocks"
        case swappedInBlocks = "swapped_in_blocks"
        case swapBytes = "swap_bytes"
        case kvLoadedStep = "kv_loaded_step"
        case dotProductsStep = "dot_products_step"
        case savedRatio = "saved_ratio"
        case usedBlocks = "used_blocks"
        /// vLLM's "GPU KV cache usage": blocks in use over the pool's blocks, whatever they hold.
        case kvCacheUsage = "kv_cache_usage"
        case freeBlocks = "free_blocks"
        case cachedBlocks = "cached_blocks"
        case numBlocks = "num_blocks"
        case blockSize = "block_size"
        case preemptions
        case prefixHitBlocks = "prefix_hit_blocks"
        case running
        case waiting
        case finished
        case tokensGenerated = "tokens_generated"
        case requestTokens = "request_tokens"
        case requestBlocks = "request_blocks"
        case requestLabel = "request_label"
        case blockRefcount = "block_refcount"
        case model
        case gpu
        case kvPerToken = "kv_per_token"
        case blockBytes = "block_bytes"
        case weights
        case activations
        case kvPool = "kv_pool"
        case kvUsed = "kv_used"
        case pagedTokenShare = "paged_token_share"
        case contiguousTokenShare = "contiguous_token_share"
        case contiguousWaste = "contiguous_waste"
        case contiguousReservedSlots = "contiguous_reserved_slots"
        case contiguousUsedSlots = "contiguous_used_slots"
        case contiguousRunningCount = "contiguous_running_count"
        case contiguousWaitingCount = "contiguous_waiting_count"
        case contiguousFinishedCount = "contiguous_finished_count"
        case pagedMemoryUsed = "paged_memory_used"
        case contiguousMemoryUsed = "contiguous_memory_used"
        case contiguousStepsLeft = "contiguous_steps_left"
        case pagedFinishStep = "paged_finish_step"
        case contiguousFinishStep = "contiguous_finish_step"
        case contiguousLag = "contiguous_lag"
        case contiguousBlockedRequest = "contiguous_blocked_request"
        case contiguousBlockedSlots = "contiguous_blocked_slots"
        case contiguousFreeSlots = "contiguous_free_slots"
        case contiguousLargestHole = "contiguous_largest_hole"
        case kvBytes = "kv_bytes"
        case kvBytesPerToken = "kv_bytes_per_token"
        case weightsBytes = "weights_bytes"
        case maxModelLen = "max_model_len"
        case finalKvBytes = "final_kv_bytes"
        case requestFinalTokens = "request_final_tokens"
        case reservationWaste = "reservation_waste"
        case cacheSaving = "cache_saving"
        case dtypeBytes = "dtype_bytes"
        case gqaSaving = "gqa_saving"
        case modelLayers = "model_layers"
        case modelKvHeads = "model_kv_heads"
        case modelHeads = "model_heads"
        case modelHeadDim = "model_head_dim"
        /// MLA: the compressed latent's dims a token and layer (DeepSeek: 512), and its rope part (64).
        case modelLatentDim = "model_latent_dim"
        case modelRopeDim = "model_rope_dim"
        case maxConcurrent = "max_concurrent"
        /// One term of `kvviz memory`'s sizing (`term=`), for the scenario's model, GPU and batching
        /// or for others given as arguments (`SizingTerm`).
        case sizing
        case eventRequest = "event_request"
        case eventBlocks = "event_blocks"
        case eventCount = "event_count"
        case copyFrom = "copy_from"
        case copyTo = "copy_to"

        /// What a placeholder needs from the scenario to have a value.
        public enum Need: Sendable, Equatable {
            case nothing
            /// An `on: EVENT` cue (it names what the event did); `copiedOnWrite` for copy_from/copy_to.
            case event, copyEvent
            /// A model: `model=` or the scenario's `model:`/`config:`.
            case model
            /// A memory picture: decoder mode's toy one, or a model.
            case memoryPicture
            /// A contiguous baseline next to the paged pool.
            case contiguousTrack
        }

        public var need: Need {
            switch self {
            case .eventRequest, .eventBlocks, .eventCount: .event
            case .copyFrom, .copyTo: .copyEvent
            case .kvBytes, .kvBytesPerToken, .weightsBytes, .sizing, .gqaSaving, .modelLayers, .modelKvHeads, .modelHeads, .modelHeadDim, .modelLatentDim, .modelRopeDim: .model
            case .model, .gpu, .kvPerToken, .blockBytes, .weights, .activations, .kvPool, .kvUsed, .maxConcurrent, .finalKvBytes: .memoryPicture
            case .contiguousTokenShare, .contiguousWaste, .contiguousReservedSlots, .contiguousUsedSlots, .contiguousRunningCount, .contiguousWaitingCount, .contiguousFinishedCount, .contiguousMemoryUsed, .contiguousStepsLeft, .pagedFinishStep, .contiguousFinishStep, .contiguousLag, .contiguousBlockedRequest, .contiguousBlockedSlots, .contiguousFreeSlots, .contiguousLargestHole: .contiguousTrack
            case .step, .kvComputedTotal, .kvWithoutCacheTotal, .kvComputedStep, .kvWithoutCacheStep, .kvReadStep, .cpuBlocks, .swappedOutBlocks, .swappedInBlocks, .swapBytes, .kvLoadedStep, .dotProductsStep, .savedRatio, .usedBlocks, .kvCacheUsage, .freeBlocks, .cachedBlocks, .numBlocks, .blockSize, .preemptions, .prefixHitBlocks, .running, .waiting, .finished, .tokensGenerated, .requestTokens, .requestBlocks, .requestLabel, .blockRefcount, .pagedTokenShare, .maxModelLen, .requestFinalTokens, .reservationWaste, .cacheSaving, .dtypeBytes, .pagedMemoryUsed: .nothing
            }
        }

        /// The arguments it takes: those it needs, then those it may take.
        public var arguments: (required: [PlaceholderArgument], optional: [PlaceholderArgument]) {
            switch self {
            case .step, .kvComputedTotal, .kvWithoutCacheTotal, .kvComputedStep, .kvWithoutCacheStep, .kvReadStep, .cpuBlocks, .swappedOutBlocks, .swappedInBlocks, .kvLoadedStep, .dotProductsStep, .savedRatio, .usedBlocks, .kvCacheUsage, .freeBlocks, .cachedBlocks, .numBlocks, .blockSize, .preemptions, .prefixHitBlocks, .running, .waiting, .finished, .tokensGenerated, .model, .gpu, .pagedTokenShare, .contiguousTokenShare, .contiguousWaste, .contiguousReservedSlots, .contiguousUsedSlots, .contiguousRunningCount, .contiguousWaitingCount, .contiguousFinishedCount, .pagedMemoryUsed, .contiguousMemoryUsed, .contiguousStepsLeft, .pagedFinishStep, .contiguousFinishStep, .contiguousLag, .contiguousBlockedRequest, .contiguousBlockedSlots, .contiguousFreeSlots, .contiguousLargestHole, .maxModelLen, .dtypeBytes, .eventRequest, .eventBlocks, .eventCount, .copyFrom, .copyTo: ([], [])
            case .swapBytes, .kvPerToken, .blockBytes, .weights, .activations, .kvPool, .kvUsed: ([], [.unit])
            case .requestTokens, .requestBlocks, .requestLabel, .requestFinalTokens: ([.request], [])
            case .blockRefcount: ([.block], [])
            case .kvBytes: ([], [.model, .seqLen, .batch, .kvHeads, .dtype, .unit])
            case .kvBytesPerToken: ([], [.model, .kvHeads, .dtype, .unit])
            case .weightsBytes: ([], [.model, .dtype, .unit])
            case .finalKvBytes: ([.requests], [.unit])
            case .reservationWaste: ([.request], [.policy])
            case .cacheSaving: ([.n], [])
            case .gqaSaving, .modelLayers, .modelKvHeads, .modelHeads, .modelHeadDim, .modelLatentDim, .modelRopeDim: ([], [.model])
            case .maxConcurrent: ([], [.seqLen])
            case .sizing: ([.term], [.model, .gpu, .dtype, .tp, .dp, .batched, .util, .maxModelLen, .vllm, .unit])
            }
        }
    }
}
