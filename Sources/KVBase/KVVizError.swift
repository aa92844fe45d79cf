/// What every kvviz error is: one line a user reads (`description`: what is wrong, where it is,
/// how to fix it) and whether it is about how the command was called. The error types keep
/// their own cases and fields; `kvviz/ErrorReport.swift` renders every one of them, and only
/// there: `kvviz: <description>` on standard error, exit 64 for usage errors and 1 otherwise.
public protocol KVVizError: Error, CustomStringConvertible {
    /// True when the user fixes it on the command line (a flag or an argument): exit 64.
    var isUsage: Bool { get }
}

extension KVVizError {
    public var isUsage: Bool { false }
}
