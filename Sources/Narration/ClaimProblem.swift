import KVBase

/// What is wrong with a cue's `expect:` claim, found when the walkthrough loads
/// (`NarrationExpectation.parse`); the loader puts the file, line and field in front, and
/// `description` words the rest here, once.
public enum ClaimProblem: KVVizError, Equatable {
    case empty
    /// `not a > b`.
    case negatedComparison
    /// `3` or `3 > 2`'s like: a claim with no quantity in it (the text as written).
    case comparesNothing(String)
    /// `a >`: the operator written.
    case nothingOnRight(String)
    case nothingOnLeft
    /// `3 request=1`: the words written.
    case numberWithArguments(String)
    case unknownQuantity(String)
    case notKeyValue(NarrationQuantity, word: String)
    case unknownArgument(NarrationQuantity, argument: String)
    case notANumber(NarrationQuantity, argument: String, value: String)
    case missingArgument(NarrationQuantity, argument: String)

    public var description: String {
        switch self {
        case .empty: "is empty; write a claim such as 'kv_used > weights'"
        case .negatedComparison: "'not' goes with a single quantity, not a comparison; write 'a == 0' or 'a <= b'"
        case let .comparesNothing(text): "'\(text)' compares nothing; name a quantity"
        case let .nothingOnRight(op): "'\(op)' needs something on its right"
        case .nothingOnLeft: "a comparison needs something on its left"
        case let .numberWithArguments(words): "a number takes no arguments: '\(words)'"
        case let .unknownQuantity(name):
            "unknown quantity '\(name)'; known: \(NarrationQuantity.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .notKeyValue(quantity, word): "'\(word)' after \(quantity.rawValue) is not key=value"
        case let .unknownArgument(quantity, argument):
            "\(quantity.rawValue) takes \(quantity.arguments.isEmpty ? "no arguments" : quantity.arguments.joined(separator: ", ")), not '\(argument)'"
        case let .notANumber(quantity, argument, value): "\(quantity.rawValue): \(argument)= expects a number, got '\(value)'"
        case let .missingArgument(quantity, argument): "\(quantity.rawValue) needs \(argument)=..."
        }
    }
}
