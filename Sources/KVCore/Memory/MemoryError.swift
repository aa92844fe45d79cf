import KVBase

/// A setting of the memory model that a user asked for and that cannot work.
///
/// Every case renders one line naming the input, what is wrong with it and how to fix it, so
/// the command line can print ``message`` as is (`kvviz: <message>`, exit 1).
public enum MemoryError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    /// An input the memory model takes, named by the command-line flag that sets it.
    public enum Field: String, Sendable, Hashable {
        case seqLen = "--seq-len"
        case batch = "--batch"
        case blockSize = "--block-size"
        case tensorParallel = "--tp"
        case kvHeads = "--kv-heads"
        case gpuUtilization = "--gpu-util"
        case maxNumBatchedTokens = "--max-num-batched-tokens"
        case maxNumSeqs = "--max-num-seqs"
        case model = "--model"
    }

    case unknownModel(String)
    case unknownGPU(String)
    case unknownDType(String)
    /// A count that must be at least 1 was zero or negative.
    case notPositive(Field, Int)
    /// The GPU memory utilization fraction lies outside (0, 1].
    case utilizationOutOfRange(Double)
    /// KV heads must divide the query heads evenly (each KV head serves a group of query heads).
    case kvHeadsDoNotDivideHeads(model: String, heads: Int, kvHeads: Int)
    /// Tensor parallelism splits query heads across GPUs, so it must divide them.
    case tensorParallelDoesNotDivideHeads(model: String, heads: Int, tp: Int)
    /// Tensor parallelism either splits KV heads evenly or replicates them evenly.
    case tensorParallelDoesNotFitKVHeads(model: String, kvHeads: Int, tp: Int)
    /// Weights and activations take all of the usable memory: no KV block is left.
    case doesNotFit(model: String, gpu: String, tp: Int, usableBytes: Int, weightsBytes: Int,
                    activationBytes: Int, runtimeBytes: Int, blockBytes: Int)
    /// An input so large that a byte count would not fit in 64 bits.
    case tooLarge(Field, Int)

    public var message: String {
        switch self {
        case .unknownModel(let id):
            "model '\(id)': unknown; use one of \(ModelPreset.all.map(\.id).joined(separator: ", ")) (see kvviz memory --list)"
        case .unknownGPU(let id):
            "GPU '\(id)': unknown; use one of \(GPUPreset.all.map(\.id).joined(separator: ", ")) (see kvviz memory --list)"
        case .unknownDType(let name):
            "dtype '\(name)': unknown; use one of \(DType.allCases.map(\.rawValue).joined(separator: ", "))"
        case .notPositive(let field, let value):
            "\(field.rawValue): is \(value); pass a positive whole number"
        case .utilizationOutOfRange(let value):
            "--gpu-util: is \(value), outside (0, 1]; pass a fraction such as 0.9"
        case .kvHeadsDoNotDivideHeads(let model, let heads, let kvHeads):
            "--kv-heads: \(kvHeads) does not divide \(model)'s \(heads) attention heads; pass a divisor of \(heads), e.g. \(Self.divisors(of: heads).map(String.init).joined(separator: ", "))"
        case .tensorParallelDoesNotDivideHeads(let model, let heads, let tp):
            "--tp: \(tp) does not divide \(model)'s \(heads) attention heads; pass a divisor of \(heads), e.g. \(Self.divisors(of: heads).filter { $0 <= 16 }.map(String.init).joined(separator: ", "))"
        case .tensorParallelDoesNotFitKVHeads(let model, let kvHeads, let tp):
            "--tp: \(tp) neither divides nor is a multiple of \(model)'s \(kvHeads) KV heads; pick a --tp that splits or replicates them evenly"
        case .doesNotFit(let model, let gpu, let tp, let usable, let weights, let activations, let runtime, let block):
            "\(model) does not fit on \(gpu) with --tp \(tp): weights \(ByteCount.binary(weights)) + activations \(ByteCount.binary(activations))"
                + (runtime > 0 ? " + non-torch \(ByteCount.binary(runtime))" : "")
                + " leave less than one \(ByteCount.binary(block)) KV block of the usable \(ByteCount.binary(usable)): use a bigger --gpu or more --tp"
        case .tooLarge(let field, let value):
            "\(field.rawValue): \(value) is too large, the byte counts would overflow 64 bits; pass a smaller value"
        }
    }

    public var description: String { message }

    /// A value given on the command line (a count that must be positive, a fraction out of
    /// range, heads that do not divide): a usage error, 64, like the parser's.
    public var isUsage: Bool {
        switch self {
        case .unknownModel, .unknownGPU, .unknownDType, .notPositive, .utilizationOutOfRange, .tooLarge,
             .kvHeadsDoNotDivideHeads, .tensorParallelDoesNotDivideHeads, .tensorParallelDoesNotFitKVHeads:
            true
        default:
            false
        }
    }

    private static func divisors(of n: Int) -> [Int] {
        (1...max(1, n)).filter { n % $0 == 0 }
    }
}
