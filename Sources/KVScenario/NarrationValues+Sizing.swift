import KVCore
import Narration

/// A sizing term's figure, from the memory plan `kvviz memory` prints.
extension SizingTerm {
    /// The value of this term for `plan`, formatted; nil when the setup does not fit (no figure
    /// rather than a wrong one).
    func value(of plan: MemoryPlan, dataParallel: Int, bytes: (Int?) -> String) -> String? {
        switch self {
        case .gpuMemory: return bytes(plan.configuration.gpu.memoryBytes)
        case .usable: return bytes(plan.usableBytes)
        case .reserve: return bytes(plan.reservedBytes)
        case .weights: return bytes(plan.loadedBytes)
        case .activations: return bytes(plan.activationBytes)
        case .nonTorch: return bytes(plan.runtimeBytes)
        case .kvBudget: return bytes(max(0, plan.kvBudgetBytes))
        case .kvPerToken: return bytes(plan.kvBytesPerToken)
        case .blocks: return ByteCount.grouped(plan.numBlocks)  // as the grid and {num_blocks} print it
        case .kvTokens: return NarrationValues.product(plan.tokenCapacity, dataParallel).map(ByteCount.grouped)
        case .maxConcurrency: return String(format: "%.2fx", plan.maxConcurrency)
        case .fullLayers: return "\(plan.configuration.model.numLayers - plan.configuration.model.slidingLayers)"
        case .slidingLayers: return "\(plan.configuration.model.slidingLayers)"
        case .groupSize: return "\(plan.layout.groupSize)"
        case .kvGroups: return "\(plan.layout.groups)"
        case .paddingLayers: return "\(plan.layout.paddingLayers)"
        case .paddingWaste: return String(format: "%.2f%%", plan.layout.paddingWasteShare * 100)
        }
    }
}

extension NarrationValues {
    /// `{sizing term=...}`: one term of the sizing of the scenario's model (or `model=`), on its
    /// GPU (or `gpu=`) with its batching, changed by the arguments given.
    func sizingFigure(_ arguments: PlaceholderArguments, format: (Int?) -> String) -> String? {
        guard let term = arguments.term, let model = arguments.model ?? scenario.model else { return nil }
        var configuration = scenario.memoryConfiguration(of: model)
        configuration.maxModelLen = scenario.maxModelLen
        if let gpu = arguments.gpu { configuration.gpu = gpu }
        if let dtype = arguments.dtype { configuration.kvDType = dtype }
        if let tp = arguments.tp { configuration.tensorParallel = tp }
        if let tokens = arguments.batched { configuration.maxNumBatchedTokens = tokens }
        if let util = arguments.util { configuration.gpuMemoryUtilization = util }
        if let length = arguments.maxModelLen { configuration.maxModelLen = length }
        if let version = arguments.vllm { configuration.vllm = version }
        guard let plan = try? MemoryPlan(sizing: configuration), plan.fits else { return nil }
        return term.value(of: plan, dataParallel: arguments.dp ?? 1, bytes: format)
    }
}
