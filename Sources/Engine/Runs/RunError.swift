/// A headless run that cannot start, as one line naming the input, the value and the fix, e.g.
/// "block size is 0: use at least 1 token slot per block".
public struct RunError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// A size that must be a positive integer and is not.
    static func notPositive(_ field: String, _ value: Int, unit: String) -> RunError {
        RunError("\(field) is \(value): use a positive number of \(unit)")
    }
}
