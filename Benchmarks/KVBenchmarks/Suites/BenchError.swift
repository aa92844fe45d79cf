import KVBase

/// A suite that found something wrong (exit 1: decoding disagreed, replay totals differ, a
/// child run failed) or an argument of it the user can fix (exit 64, `usage`).
public struct BenchError: KVVizError {
    public let message: String
    public let isUsage: Bool

    init(_ message: String, isUsage: Bool = false) {
        self.message = message
        self.isUsage = isUsage
    }

    static func usage(_ message: String) -> BenchError { BenchError(message, isUsage: true) }

    public var description: String { message }
}
