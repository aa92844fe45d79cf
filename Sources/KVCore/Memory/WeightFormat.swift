/// How a checkpoint stores its weights: every tensor in one float dtype, or the matrices of the
/// linear layers quantized while embeddings, norms and the LM head stay in the compute dtype.
///
/// Quantized bytes per parameter, scales included (vLLM's loaders keep them on the GPU):
/// fp8 and int8 (w8a8, "fp8-dynamic", `--quantization fp8`) one byte, per-channel scales
/// negligible; int4 (w4a16, GPTQ/AWQ-style, one fp16 scale per group of 128) 0.5 + 2/128 bytes;
/// MXFP4 (gpt-oss) only the MoE experts, 0.5 byte plus one shared exponent byte per 32 values.
public enum WeightFormat: String, CaseIterable, Sendable, Hashable {
    case fp32
    case fp16
    case bf16
    case fp8
    case int8
    case int4
    case mxfp4

    /// The float dtype every tensor is stored in (nil for the quantized formats).
    public var dtype: DType? {
        switch self {
        case .fp32: .fp32
        case .fp16: .fp16
        case .bf16: .bf16
        case .fp8, .int8, .int4, .mxfp4: nil
        }
    }

    public init(_ dtype: DType) {
        switch dtype {
        case .fp32: self = .fp32
        case .fp16: self = .fp16
        case .bf16: self = .bf16
        case .fp8: self = .fp8
        }
    }

    /// Reads `fp8`, `int8`/`w8a8`, `int4`/`w4a16`, `mxfp4`, or any float dtype name.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "int8", "w8a8": self = .int8
        case "int4", "w4a16", "gptq", "awq": self = .int4
        case "mxfp4": self = .mxfp4
        default:
            guard let dtype = try? DType(parsing: text) else { return nil }
            self.init(dtype)
        }
    }

    /// Bytes a quantized parameter takes, times 128 (exact integers: fp8 128, int4 66).
    var quantizedBytesTimes128: Int {
        switch self {
        case .fp32: 512
        case .fp16, .bf16: 256
        case .fp8, .int8: 128
        case .int4: 66
        case .mxfp4: 68
        }
    }

    /// Bytes of a model's weights on one device before any split: `linear` parameters of the
    /// linear layers (for MXFP4: of the experts), `other` parameters in `computeDType`.
    func bytes(quantized: Int, other: Int, computeDType: DType) -> Int {
        if let dtype { return (quantized + other) * dtype.bytes }
        return (quantized * quantizedBytesTimes128 + 127) / 128 + other * computeDType.bytes
    }

    /// The short name shown in reports, e.g. `fp8 (linear layers)`.
    public var label: String {
        switch self {
        case .fp32, .fp16, .bf16: rawValue
        case .fp8, .int8, .int4: "\(rawValue) linear layers"
        case .mxfp4: "mxfp4 experts"
        }
    }
}
