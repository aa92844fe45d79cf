import KVBase

/// A Hugging Face `config.json` that kvviz cannot size a model from: one line naming the file,
/// the field and the fix (`kvviz: <message>`, exit 1).
public struct ModelConfigError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// The JSON key at fault, or nil when the whole file is.
    public let field: String?
    public let message: String

    public init(file: String, field: String?, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        // `<file>: <why>; <fix>`, or `<file>: field 'x' <why>; <fix>` for one field.
        guard let field else { return "\(file): \(message)" }
        return "\(file): field '\(field)' \(message)"
    }
}
