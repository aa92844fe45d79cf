import Engine
import KVCore

extension ScenarioRun {
    /// One block of `plan`'s pool as tensors, on one GPU: its layers (a KV-cache group's), KV heads and query heads
    /// (tensor and pipeline parallelism applied as the plan applies them), head_dim, slots and
    /// KV dtype. Nil for MLA, whose block holds a latent rather than per-head K and V.
    static func anatomy(of plan: MemoryPlan) -> BlockAnatomy? {
        let configuration = plan.configuration
        let model = configuration.model
        guard !model.usesLatentAttention else { return nil }
        // A hybrid model's pool block is one page of each layer of a KV-cache group.
        return BlockAnatomy(layers: plan.layout.groupSize, kvHeads: plan.kvHeadsPerGPU,
                            queryHeads: max(1, model.numHeads / max(1, configuration.tensorParallel)),
                            headDim: model.headDim, elementBytes: configuration.kvDType.bytes,
                            slots: configuration.blockSize)
    }
}
