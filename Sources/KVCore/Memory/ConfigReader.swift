import Foundation

/// Typed, range-checked access to the fields of a parsed config.json.
struct ConfigReader {
    let file: String
    let fields: [String: Any]
    /// Where these fields sit in the file (`text_config.`), for messages.
    let prefix: String

    init(file: String, fields: [String: Any], prefix: String = "") {
        self.file = file
        self.fields = fields
        self.prefix = prefix
    }

    func fail(_ field: String, _ problem: ModelConfigError.Problem) -> ModelConfigError {
        ModelConfigError(file: file, field: prefix + field, problem)
    }

    func string(_ key: String) throws(ModelConfigError) -> String {
        guard let value = fields[key] else { throw fail(key, .missingModelType) }
        guard let text = value as? String else { throw fail(key, .modelTypeNotString(shown: Self.describe(value))) }
        return text
    }

    func int(_ key: String, max: Int) throws(ModelConfigError) -> Int {
        guard let value = try optionalInt(key, max: max) else {
            throw fail(key, .missing)
        }
        return value
    }

    /// nil when absent or JSON null; an error when present but not a whole number in 1...max.
    func optionalInt(_ key: String, max: Int, allowZero: Bool = false) throws(ModelConfigError) -> Int? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !Self.isBool(value) else {
            throw fail(key, .notWholeNumber(shown: Self.describe(value)))
        }
        let double = number.doubleValue
        guard double.rounded() == double, double.isFinite else {
            throw fail(key, .notWholeNumber(shown: "\(double)"))
        }
        let low = allowZero ? 0 : 1
        guard double >= Double(low), double <= Double(max) else {
            throw fail(key, .outOfRange(shown: Self.describe(value), range: low...max))
        }
        return Int(double)
    }

    /// nil when absent or JSON null; an error when present but not a number in (0, 1]
    /// (`partial_rotary_factor`, `rotary_pct`).
    func optionalFraction(_ key: String) throws(ModelConfigError) -> Double? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !Self.isBool(value), number.doubleValue.isFinite,
              number.doubleValue > 0, number.doubleValue <= 1 else {
            throw fail(key, .notFraction(shown: Self.describe(value)))
        }
        return number.doubleValue
    }

    func bool(_ key: String, default fallback: Bool) throws(ModelConfigError) -> Bool {
        guard let value = fields[key], !(value is NSNull) else { return fallback }
        guard let number = value as? NSNumber, Self.isBool(value) else {
            throw fail(key, .notBool(shown: Self.describe(value)))
        }
        return number.boolValue
    }

    /// `torch_dtype` (newer configs: `dtype`); float16 when neither is given.
    func dtype() throws(ModelConfigError) -> DType {
        for key in ["torch_dtype", "dtype"] {
            guard let value = fields[key], !(value is NSNull) else { continue }
            guard let name = value as? String, let parsed = try? DType(parsing: name) else {
                throw fail(key, .notDType(shown: Self.describe(value)))
            }
            return parsed
        }
        return .fp16
    }

    /// How a quantized checkpoint stores its weights (`quantization_config`): `fp8`
    /// (DeepSeek-V3, RedHat's fp8-dynamic), `compressed-tensors` (w8a8: int8 or float 8 bits;
    /// w4a16: 4 bits), `gptq`/`awq` (4 bits), `mxfp4` (gpt-oss). nil when unquantized; an
    /// error naming the field for a method kvviz cannot size.
    func quantization() throws(ModelConfigError) -> WeightFormat? {
        guard let value = fields["quantization_config"], !(value is NSNull) else { return nil }
        guard let config = value as? [String: Any] else {
            throw fail("quantization_config", .notQuantizationObject(shown: Self.describe(value)))
        }
        let method = (config["quant_method"] as? String)?.lowercased() ?? ""
        switch method {
        case "fp8", "fbgemm_fp8": return .fp8
        case "mxfp4": return .mxfp4
        case "gptq", "awq":
            return (config["bits"] as? Int) == 8 ? .int8 : .int4
        case "compressed-tensors":
            let groups = config["config_groups"] as? [String: Any] ?? [:]
            for case let group as [String: Any] in groups.values {
                guard let weights = group["weights"] as? [String: Any], let bits = weights["num_bits"] as? Int else { continue }
                if bits <= 4 { return .int4 }
                return (weights["type"] as? String) == "float" ? .fp8 : .int8
            }
            throw fail("quantization_config", .quantizationWithoutWidth)
        default:
            throw fail("quantization_config", .unknownQuantization(method: method, known: Self.quantizationMethods))
        }
    }

    func requireDivisible(_ value: Int, _ name: String, by divisor: Int, _ divisorName: String) throws(ModelConfigError) {
        guard value % divisor == 0 else {
            throw fail(name, .notDivisible(value: value, divisor: divisor, divisorName: divisorName))
        }
    }

    /// The `quant_method`s kvviz sizes, as an unknown one's error lists them.
    static let quantizationMethods = ["fp8", "compressed-tensors", "gptq", "awq", "mxfp4"]

    /// JSON true/false: Foundation hands them over as a boolean NSNumber, which also converts
    /// to Int, so the class tells them apart from 1 and 0.
    private static func isBool(_ value: Any) -> Bool {
        String(describing: type(of: value)).contains("Boolean") || type(of: value) == Bool.self
    }

    static func describe(_ value: Any) -> String {
        if let text = value as? String {
            let shown = text.unicodeScalars.prefix(40).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
            return "\"\(shown)\""
        }
        if let number = value as? NSNumber {
            return isBool(value) ? (number.boolValue ? "true" : "false") : number.stringValue
        }
        if value is [Any] { return "a list" }
        if value is [String: Any] { return "an object" }
        return "\(type(of: value))"
    }
}
