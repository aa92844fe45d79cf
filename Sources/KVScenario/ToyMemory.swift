import Engine
import KVCore
import ToyDecoder

/// The memory picture of the toy decoder itself, computed from its configuration, so decoder
/// walkthroughs get a real (if tiny) memory bar: fp32 weights, an fp32 KV pool, an activation
/// estimate and a 10% reserve, on a "GPU" exactly that big.
enum ToyMemory {
    static func base(requests: [EngineRequest], numBlocks: Int, blockSize: Int, maxNumBatchedTokens: Int) -> MemoryBase {
        var texts: [String] = []
        for request in requests {
            if case let .text(text) = request.prompt { texts.append(text) }
            texts += request.forcedContinuations
        }
        let config = ToyModelConfig(vocabSize: Tokenizer(extraText: texts).vocabSize)
        let floatBytes = 4
        let perLayer = config.dim * config.dim * 2 + config.dim * config.kvDim * 2
            + config.dim * config.hiddenDim * 3 + config.dim * 2
        let parameters = config.vocabSize * config.dim * 2 + config.layers * perLayer + config.dim
        let weights = parameters * floatBytes
        let kvPerToken = 2 * config.layers * config.kvDim * floatBytes
        let blockBytes = blockSize * kvPerToken
        let activations = min(maxNumBatchedTokens, 256) * (config.dim * 6 + config.hiddenDim * 3 + config.vocabSize) * floatBytes
        let used = weights + numBlocks * blockBytes + activations
        let gpu = (used * 10 + 8) / 9
        var base = MemoryBase(modelName: "toy-\(config.layers)L", gpuName: "toy-gpu", gpuBytes: gpu, weightsBytes: weights,
                              activationBytes: activations, reserveBytes: gpu - used, blockBytes: blockBytes)
        base.anatomy = BlockAnatomy(layers: config.layers, kvHeads: config.kvHeads, queryHeads: config.heads,
                                    headDim: config.headDim, elementBytes: floatBytes, slots: blockSize)
        return base
    }
}
