extension MemoryPlan {
    /// Checks every input before any arithmetic, so a bad flag becomes one clear line, never a
    /// trap or a nonsense figure.
    static func validate(_ configuration: Configuration) throws(MemoryError) {
        let model = configuration.model
        for (value, field) in [
            (configuration.blockSize, MemoryError.Field.blockSize),
            (configuration.tensorParallel, .tensorParallel),
            (configuration.kvHeads, .kvHeads),
            (configuration.maxNumBatchedTokens, .maxNumBatchedTokens),
            (configuration.maxNumSeqs, .maxNumSeqs),
        ] where value < 1 {
            throw .notPositive(field, value)
        }
        let utilization = configuration.gpuMemoryUtilization
        guard utilization > 0, utilization <= 1 else { throw .utilizationOutOfRange(utilization) }
        let kvHeads = configuration.kvHeads
        guard kvHeads <= model.numHeads, model.numHeads % kvHeads == 0 else {
            throw .kvHeadsDoNotDivideHeads(model: model.id, heads: model.numHeads, kvHeads: kvHeads)
        }
        let tp = configuration.tensorParallel
        guard model.numHeads % tp == 0 else {
            throw .tensorParallelDoesNotDivideHeads(model: model.id, heads: model.numHeads, tp: tp)
        }
        guard kvHeads % tp == 0 || tp % kvHeads == 0 else {
            throw .tensorParallelDoesNotFitKVHeads(model: model.id, kvHeads: kvHeads, tp: tp)
        }
    }
}
