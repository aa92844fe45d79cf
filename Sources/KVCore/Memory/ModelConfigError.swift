import KVBase

/// A Hugging Face `config.json` that kvviz cannot size a model from: one line naming the file,
/// the field and the fix (`kvviz: <message>`, exit 1). The problem keeps what was found as
/// values (the value as the file wrote it, the range or the choices expected); `message`
/// words it, here only.
public struct ModelConfigError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// The JSON key at fault (`text_config.num_heads`), or nil when the whole file is.
    public let field: String?
    public let problem: Problem

    public enum Problem: Equatable, Sendable {
        /// The file could not be read (missing, a directory, too large ...).
        case unreadable(InputFile.Failure)
        case notJSON
        case notObject
        /// `model_type` is absent.
        case missingModelType
        /// A field kvviz needs to size the model is absent.
        case missing
        /// `shown`: the value as the file wrote it (a quoted string, a number, "a list").
        /// `model_type` that is not a string.
        case modelTypeNotString(shown: String)
        case notWholeNumber(shown: String)
        case outOfRange(shown: String, range: ClosedRange<Int>)
        case notFraction(shown: String)
        case notBool(shown: String)
        case notDType(shown: String)
        case notQuantizationObject(shown: String)
        /// A `compressed-tensors` block without a weight width.
        case quantizationWithoutWidth
        case unknownQuantization(method: String, known: [String])
        case unknownFamily(String, known: [String])
        /// Heads that do not split into whole groups per KV head.
        case notDivisible(value: Int, divisor: Int, divisorName: String)
        /// `layer_types` that is not one string per layer.
        case layerTypes(layers: Int)
        /// Llama 4 with dense layers between its expert layers.
        case interleavedExperts
        /// Sizes that multiply to an absurd parameter count.
        case absurdSize(parameters: Double)
    }

    public init(file: String, field: String?, _ problem: Problem) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    /// What is wrong and the fix, after the file and field.
    public var message: String {
        switch problem {
        case let .unreadable(failure): failure.reason
        case .notJSON: "is not JSON: pass a Hugging Face config.json"
        case .notObject: "is not a JSON object: pass a Hugging Face config.json"
        case .missingModelType: "is missing: a Hugging Face config.json names its model_type"
        case .missing: "is missing: kvviz needs it to size the model; copy it from the model's config.json"
        case let .modelTypeNotString(shown): "is \(shown): expected the model family as a string, e.g. \"llama\""
        case let .notWholeNumber(shown): "is \(shown): expected a whole number"
        case let .outOfRange(shown, range): "is \(shown): expected \(range.lowerBound) to \(range.upperBound)"
        case let .notFraction(shown): "is \(shown): expected a fraction above 0 and at most 1"
        case let .notBool(shown): "is \(shown): expected true or false"
        case let .notDType(shown): "is \(shown): expected float32, float16 or bfloat16"
        case let .notQuantizationObject(shown): "is \(shown): expected an object"
        case .quantizationWithoutWidth:
            "has no config_groups.*.weights.num_bits: kvviz cannot tell the weight width; remove the block to size the checkpoint unquantized"
        case let .unknownQuantization(method, known):
            "uses quant_method '\(method)', which kvviz cannot size: \(Self.listed(known)) are known"
        case let .unknownFamily(family, known):
            "is '\(family)', which kvviz cannot size: use one of \(known.joined(separator: ", "))"
        case let .notDivisible(value, divisor, divisorName):
            "is \(value), not divisible by \(divisorName) \(divisor): each KV head must serve a whole group of heads; check both fields"
        case let .layerTypes(layers):
            "is not a list of \(layers) strings, one per layer: copy it from the model's config.json"
        case .interleavedExperts:
            "is not 1: kvviz sizes Llama 4 with experts in every layer (Scout); dense-and-MoE interleaving is not modelled"
        case let .absurdSize(parameters): "makes a model of about \(parameters) parameters: check the config's sizes"
        }
    }

    public var description: String {
        // `<file>: <why>; <fix>`, or `<file>: field 'x' <why>; <fix>` for one field.
        guard let field else { return "\(file): \(message)" }
        return "\(file): field '\(field)' \(message)"
    }

    /// "a, b and c".
    private static func listed(_ names: [String]) -> String {
        guard let last = names.last, names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }
}
