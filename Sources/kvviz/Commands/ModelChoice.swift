import KVCore

/// The model a command sizes memory for: a preset named by `--model`, or a Hugging Face
/// `config.json` given by `--config` (the two exclude each other).
enum ModelChoice {
    /// Resolves the flags; `fallback` is the preset used when neither is given (nil: required).
    static func resolve(model: ModelID?, config: String?, fallback: String?) throws -> ModelPreset {
        if model != nil, config != nil {
            throw CLIError.usage("--model and --config: both name a model; pass one of them")
        }
        // ModelConfigError and MemoryError travel up with their types; ErrorReport renders them.
        if let config { return try ModelPreset.load(configFile: config) }
        if let model { return model.preset }
        guard let id = fallback else {
            throw CLIError.usage("--model: is missing; pass --model (one of \(ModelPreset.all.map(\.id).joined(separator: ", "))) or --config FILE (or --list)")
        }
        return try ModelPreset.named(id)
    }
}
