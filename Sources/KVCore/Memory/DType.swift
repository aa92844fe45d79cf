/// The number format of a stored tensor (KV cache entries, weights, activations).
///
/// The memory model only needs the width of one element, so a dtype is its byte count plus the
/// names people type for it. `fp8` stands for both e4m3 and e5m2: they are the same size.
public enum DType: String, CaseIterable, Sendable, Hashable {
    case fp32
    case fp16
    case bf16
    case fp8

    /// Bytes per element: the factor at the end of every KV-cache and weight formula.
    public var bytes: Int {
        switch self {
        case .fp32: 4
        case .fp16, .bf16: 2
        case .fp8: 1
        }
    }

    /// Reads a dtype the way users write it: `fp16`, `float16`, `half`, `bf16`, `bfloat16`, ...
    ///
    /// Matching ignores case. An unknown name throws ``MemoryError/unknownDType(_:)``, whose
    /// message lists the accepted ids.
    public init(parsing text: String) throws(MemoryError) {
        switch text.lowercased() {
        case "fp32", "float32", "float", "f32": self = .fp32
        case "fp16", "float16", "half", "f16": self = .fp16
        case "bf16", "bfloat16": self = .bf16
        case "fp8", "float8", "fp8_e4m3", "fp8_e5m2", "f8": self = .fp8
        default: throw .unknownDType(text)
        }
    }
}
