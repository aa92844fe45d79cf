import KVBase

/// A problem with a request trace (an Azure CSV or a Mooncake JSONL), located: the file, the
/// line when one is at fault, the field, why, and what to do, as
/// `conv.csv:12: field ContextTokens: is -5; use a token count of 0 or more`.
public struct RequestTraceError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    /// 1-based line, or nil for the file as a whole (cannot be opened, is empty).
    public let line: Int?
    /// The column or key at fault, or nil when the line as a whole is.
    public let field: String?
    /// Why, then the fix after a semicolon.
    public let message: String

    public init(path: String, line: Int?, field: String? = nil, _ message: String) {
        self.path = path
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return field.map { "\(place): field \($0): \(message)" } ?? "\(place): \(message)"
    }
}
