import Engine
import KVCore

/// A claim a cue makes about the screen, checked at every step the cue is shown:
/// `kv_used > weights`, `external_fragmentation > 0`, `request_scattered request=2`,
/// `not request_running request=3`, `preemptions == 0`.
///
/// Grammar: `TERM OP TERM`, `TERM` (true when not 0) or `not TERM` (true when 0); a term is a
/// number or a quantity name with `key=value` arguments; OP is one of > >= < <= == !=.
public struct NarrationExpectation: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "==", notEqual = "!="

        func holds(_ a: Int, _ b: Int) -> Bool {
            switch self {
            case .greater: a > b
            case .greaterOrEqual: a >= b
            case .less: a < b
            case .lessOrEqual: a <= b
            case .equal: a == b
            case .notEqual: a != b
            }
        }
    }

    public enum Term: Sendable, Equatable {
        case number(Int)
        case quantity(NarrationQuantity, arguments: [String: String])
    }

    public let lhs: Term
    public let comparison: Comparison
    public let rhs: Term
    /// The claim as written in the scenario.
    public let description: String

    public init(lhs: Term, comparison: Comparison, rhs: Term, description: String) {
        self.lhs = lhs
        self.comparison = comparison
        self.rhs = rhs
        self.description = description
    }

    /// Parses a claim; the problem names the unknown word and what is known.
    public static func parse(_ text: String) -> Result<NarrationExpectation, ClaimProblem> {
        var words = text.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return .failure(.empty) }
        var negated = false
        if words.first == "not" {
            negated = true
            words.removeFirst()
        }
        let opIndex = words.firstIndex { Comparison(rawValue: $0) != nil }
        if negated && opIndex != nil {
            return .failure(.negatedComparison)
        }
        let left = Array(words[..<(opIndex ?? words.count)])
        let lhs: Term
        switch term(left) {
        case let .success(term): lhs = term
        case let .failure(problem): return .failure(problem)
        }
        guard let opIndex else {
            if case .number = lhs { return .failure(.comparesNothing(text)) }
            return .success(NarrationExpectation(lhs: lhs, comparison: negated ? .equal : .notEqual, rhs: .number(0),
                                                 description: text))
        }
        let right = Array(words[(opIndex + 1)...])
        guard !right.isEmpty else { return .failure(.nothingOnRight(words[opIndex])) }
        switch term(right) {
        case let .success(rhs):
            return .success(NarrationExpectation(lhs: lhs, comparison: Comparison(rawValue: words[opIndex])!, rhs: rhs,
                                                 description: text))
        case let .failure(problem):
            return .failure(problem)
        }
    }

    private static func term(_ words: [String]) -> Result<Term, ClaimProblem> {
        guard let head = words.first else { return .failure(.nothingOnLeft) }
        if let number = Int(head) {
            guard words.count == 1 else { return .failure(.numberWithArguments(words.joined(separator: " "))) }
            return .success(.number(number))
        }
        guard let quantity = NarrationQuantity(rawValue: head) else {
            return .failure(.unknownQuantity(head))
        }
        var arguments: [String: String] = [:]
        for word in words.dropFirst() {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                return .failure(.notKeyValue(quantity, word: word))
            }
            guard quantity.arguments.contains(parts[0]) else {
                return .failure(.unknownArgument(quantity, argument: parts[0]))
            }
            guard Int(parts[1]) != nil else {
                return .failure(.notANumber(quantity, argument: parts[0], value: parts[1]))
            }
            arguments[parts[0]] = parts[1]
        }
        if let missing = quantity.arguments.first(where: { arguments[$0] == nil }) {
            return .failure(.missingArgument(quantity, argument: missing))
        }
        return .success(.quantity(quantity, arguments: arguments))
    }

    /// The request ids and block ids the claim names, for the load-time check.
    public var namedRequests: [Int] {
        [lhs, rhs].compactMap { if case let .quantity(_, arguments) = $0 { arguments["request"].flatMap(Int.init) } else { nil } }
    }

    public var namedBlocks: [Int] {
        [lhs, rhs].compactMap { if case let .quantity(_, arguments) = $0 { arguments["block"].flatMap(Int.init) } else { nil } }
    }

    /// The quantities the claim reads.
    public var quantities: [NarrationQuantity] {
        [lhs, rhs].compactMap { if case let .quantity(quantity, _) = $0 { quantity } else { nil } }
    }

    /// Whether the claim holds on this screen, or a sentence saying why it does not.
    public func check(_ snapshot: Snapshot, history: NarrationHistory) -> String? {
        func value(_ term: Term) -> Int? {
            switch term {
            case let .number(n): n
            case let .quantity(quantity, arguments): quantity.value(arguments, snapshot: snapshot, history: history)
            }
        }
        guard let a = value(lhs) else { return "\(name(lhs)) has no value at step \(snapshot.step)" }
        guard let b = value(rhs) else { return "\(name(rhs)) has no value at step \(snapshot.step)" }
        if comparison.holds(a, b) { return nil }
        if case .number = rhs { return "is false: \(name(lhs)) = \(a)" }
        return "is false: \(name(lhs)) = \(a), \(name(rhs)) = \(b)"
    }

    private func name(_ term: Term) -> String {
        switch term {
        case let .number(n): "\(n)"
        case let .quantity(quantity, arguments):
            ([quantity.rawValue] + arguments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }
    }
}
