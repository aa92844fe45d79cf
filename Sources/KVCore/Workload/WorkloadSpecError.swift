import KVBase

/// A workload parameter that cannot be used, with the fix. Renders as one line, e.g.
/// "workload numRequests is 0: use at least 1".
public struct WorkloadSpecError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let value: String
    let fix: String

    public init(field: String, value: String, fix: String) {
        self.field = field
        self.value = value
        self.fix = fix
    }

    public var description: String { "workload \(field) is \(value): \(fix)" }
}
