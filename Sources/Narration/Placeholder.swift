import KVCore

/// A narration placeholder as the walkthrough wrote it, parsed once when the file loads: which
/// figure (`kind`, the name in braces) and its arguments as typed values (`sizing term=kv_tokens
/// gpu=a100-40gb` is `.sizing` with `term: .kvTokens, gpu: <A100 preset>`). Rendering and the
/// checker read these fields; nothing parses the placeholder's text again.
///
/// A new placeholder is one case of `Kind` (its name, what it needs, the arguments it takes),
/// its value in `NarrationValues` (an exhaustive switch: the compiler asks for it), and, when it
/// takes an argument no placeholder took before, one case of `PlaceholderArgument` with its field
/// here and its parsing in `PlaceholderArguments.set`.
public struct Placeholder: Sendable, Equatable, CustomStringConvertible {
    public let kind: Kind
    public let arguments: PlaceholderArguments

    public init(_ kind: Kind, _ arguments: PlaceholderArguments = PlaceholderArguments()) {
        self.kind = kind
        self.arguments = arguments
    }

    /// The name written in braces (`kv_used`).
    public var name: String { kind.rawValue }

    /// `{name}`, as messages quote it.
    public var description: String { "{\(name)}" }
}
