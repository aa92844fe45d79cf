import KVBase
import Narration

/// A scenario file that cannot be used, as one line: `file:line: field: what is expected, got
/// what`. The problem keeps what was wrong as values (the value written, what the field accepts,
/// the placeholder or claim problem); `description` words it, here only.
public struct ScenarioError: KVVizError, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    /// The field's path (`narration[3].en`, `requests[0].max_tokens`); empty for the whole file.
    public let field: String
    public let problem: Problem

    public enum Problem: Equatable, Sendable {
        /// A value the field does not take: `value` as the file wrote it (quoted when text),
        /// `accepted` what it takes.
        case unaccepted(value: String, accepted: String)
        /// A number above the field's ceiling.
        case aboveMaximum(value: Int, maximum: Int, accepted: String)
        /// A key the mapping does not take, and those it does.
        case unknownKey(String, accepted: [String])
        case duplicateKey
        /// A request id the file does not have (`known`: the first ids it has).
        case unknownRequest(Int, known: String)
        /// A narration text (its syntax, a placeholder, what a placeholder needs).
        case narration(TemplateProblem)
        /// A cue's `expect:` claim.
        case claim(ClaimProblem)
        /// The file as a whole (reading, encoding, YAML syntax, size bounds) or a layer below it
        /// (a config.json, the memory model, a workload or trace): that layer's own sentence.
        case source(String)
        /// A rule between fields, with its fix ("needs mode: memory; the decoder runs on prompt text").
        case rule(String)

        var text: String {
            switch self {
            case let .unaccepted(value, accepted): "expected \(accepted), got \(value)"
            case let .aboveMaximum(value, maximum, accepted): "expected \(accepted) of at most \(maximum), got \(value)"
            case let .unknownKey(_, accepted): "unknown key; expected one of \(accepted.joined(separator: ", "))"
            case .duplicateKey: "appears twice; give it once"
            case let .unknownRequest(id, known): "no request has id \(id); expected one of \(known)"
            case let .narration(problem): problem.description
            case let .claim(problem): problem.description
            case let .source(sentence), let .rule(sentence): sentence
            }
        }
    }

    public init(file: String, line: Int?, field: String, _ problem: Problem) {
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(place): \(problem.text)" : "\(place): \(field): \(problem.text)"
    }
}
