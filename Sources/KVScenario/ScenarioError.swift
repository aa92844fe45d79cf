import KVBase
import Engine
/// A scenario file that cannot be used, as one line: `file:line: field: what is expected, got what`.
public struct ScenarioError: KVVizError, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let field: String
    public let message: String

    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }
}
