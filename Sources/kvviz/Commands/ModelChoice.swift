import KVCore

/// The model a command sizes memory for: a preset named by `--model`, or a Hugging Face
/// `config.json` given by `--config` (the two exclude each other).
enum ModelChoice {
    /// Resolves the flags; `fallback` is the preset used when neither is given (nil: required).
    static func resolve(model: ModelID?, config: String?, fallback: String?) throws -> ModelPreset {
        if model != nil, config != nil {
            throw CLIError(flag: "--model and --config", .rule(.bothNameAModel))
        }
        // ModelConfigError and MemoryError travel up with their types; ErrorReport renders them.
        if let config { return try ModelPreset.load(configFile: config) }
        if let model { return model.preset }
        guard let id = fallback else {
            throw CLIError(flag: "--model", .rule(.missingModel(choices: ModelPreset.all.map(\.id))))
        }
        return try ModelPreset.named(id)
    }
}
