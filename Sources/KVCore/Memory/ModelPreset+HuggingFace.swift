import Foundation
import KVBase

extension ModelPreset {
    /// Model families whose `config.json` kvviz reads, by their `model_type`.
    static let configFamilies = [
        "llama", "llama4_text", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2",
        "gemma3_text", "granite", "phi", "phi3", "gpt_oss", "opt", "gpt_neox", "deepseek_v2", "deepseek_v3",
    ]

    /// The largest config.json read (real ones are a few KiB).
    static let maxConfigBytes = 4 << 20

    /// Reads a Hugging Face `config.json` file (see ``init(huggingFaceConfig:file:)``).
    public static func load(configFile path: String) throws(ModelConfigError) -> ModelPreset {
        // A regular file only, read up to a bound: a directory, FIFO or device gets a plain
        // reason before anything blocks (InputFile opens without blocking and checks with fstat).
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: maxConfigBytes, expecting: "a config.json")
        } catch {
            throw ModelConfigError(file: path, field: nil, .unreadable(error))
        }
        let data = Data(bytes)
        return try ModelPreset(huggingFaceConfig: data, file: path)
    }

    /// A model from the text of a Hugging Face `config.json` (families: ``configFamilies``;
    /// multimodal configs are read from their `text_config`, plus the size of their
    /// `vision_config` encoder). Every field is checked for presence, type and range, and heads
    /// must split evenly into KV heads; the first problem is thrown naming `file` and the field.
    public init(huggingFaceConfig data: Data, file: String) throws(ModelConfigError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ModelConfigError(file: file, field: nil, .notJSON)
        }
        guard let root = object as? [String: Any] else {
            throw ModelConfigError(file: file, field: nil, .notObject)
        }
        let outer = ConfigReader(file: file, fields: root)
        var family = try outer.string("model_type")
        var fields = root
        var prefix = ""
        if let text = root["text_config"] as? [String: Any] {
            // Outer fields (torch_dtype, quantization_config) apply unless the text config sets them.
            fields = root.merging(text) { _, inner in inner }
            prefix = "text_config."
            if let inner = text["model_type"] as? String { family = inner }
        }
        let reader = ConfigReader(file: file, fields: fields, prefix: prefix)
        guard Self.configFamilies.contains(family) else {
            throw reader.fail("model_type", .unknownFamily(family, known: Self.configFamilies))
        }
        let id = SafeText.escaped(Self.configID(file: file))  // shown in reports and on screen
        let vision = try Self.visionParameters(root, file: file)
        self = try Self.family(family, reader: reader, id: id, vision: vision)
        // Bounded fields keep every count below 2^63; check the total once more all the same.
        let approximate = Double(numLayers) * Double(parametersPerLayer) * 2 + Double(vocabSize) * Double(hiddenSize) * 2
        guard approximate < 1e17 else {
            throw ModelConfigError(file: file, field: prefix + "num_hidden_layers", .absurdSize(parameters: approximate))
        }
    }

    /// Parameters of a multimodal config's vision encoder (`vision_config`: layers of
    /// attention, 4 x hidden^2, and an MLP, 2 or 3 x hidden x intermediate) plus the projector
    /// into the text model's width; 0 without one.
    static func visionParameters(_ root: [String: Any], file: String) throws(ModelConfigError) -> Int {
        guard let vision = root["vision_config"] as? [String: Any] else { return 0 }
        let reader = ConfigReader(file: file, fields: vision, prefix: "vision_config.")
        let hidden = try reader.int("hidden_size", max: 1 << 15)
        let inner = try reader.int("intermediate_size", max: 1 << 17)
        let layers = try reader.int("num_hidden_layers", max: 1 << 8)
        let gated = (vision["model_type"] as? String) == "pixtral" || (vision["hidden_act"] as? String) == "silu"
        let textHidden = ((root["text_config"] as? [String: Any])?["hidden_size"] as? Int) ?? hidden
        return layers * (4 * hidden * hidden + (gated ? 3 : 2) * hidden * inner) + hidden * textHidden + textHidden * textHidden
    }
    /// The id a config file's model goes by: its directory's name for `config.json`
    /// (`models/Mistral-7B-v0.1/config.json` -> `Mistral-7B-v0.1`), else the file's base name.
    static func configID(file: String) -> String {
        let parts = file.split(separator: "/").map(String.init)
        guard let last = parts.last else { return "config" }
        if last == "config.json", parts.count >= 2 { return parts[parts.count - 2] }
        return last.hasSuffix(".json") ? String(last.dropLast(5)) : last
    }
}

