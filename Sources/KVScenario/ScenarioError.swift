import Engine
import KVBase
import KVCore
import Narration

/// A scenario file that cannot be used, as one line: `file:line: field: what is expected, got
/// what`. The problem keeps what was wrong as values (the value written, what the field accepts,
/// the placeholder or claim problem, the rule broken between fields, the typed error of the layer
/// below); `Problem.text` and `Rule.text` word it, here only.
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
        /// A rule of the file broken (a field missing, fields that exclude or need each other,
        /// a number past a bound), with its fix.
        case rule(Rule)
        /// The file could not be read (missing, a directory, too large ...).
        case unreadable(InputFile.Failure)
        /// Read from standard input past the size limit of a scenario file.
        case tooLarge(limit: Int)
        case notUTF8
        /// Past the YAML bounds (nesting, aliases).
        case bounds(YAMLBoundsProblem)
        /// The YAML parser's objection in its words, at `column` of the error's line.
        case syntax(String, column: Int)
        /// A character the YAML reader refuses, in its words.
        case unreadableCharacter(String)
        /// Any other error of the YAML parser, its first line.
        case yaml(String)
        /// An error from the YAML library that is not one of its own kinds.
        case unparsed(String)
        /// The `config:` file (a Hugging Face config.json).
        case config(ModelConfigError)
        /// The memory model sized from `model:`, `gpu:`, `dtype:`, `tensor_parallel:`.
        case memory(MemoryError)
        /// The generated workload's parameters.
        case workload(WorkloadSpecError)
        /// The trace file a `workload:` reads.
        case trace(RequestTraceError)
        /// The engine's objection to a request or a setting.
        case engine(EngineError)
        /// A recorded walkthrough's cue text.
        case recordingText(RecordingTextProblem)

        var text: String {
            switch self {
            case let .unaccepted(value, accepted): "expected \(accepted), got \(value)"
            case let .aboveMaximum(value, maximum, accepted): "expected \(accepted) of at most \(maximum), got \(value)"
            case let .unknownKey(_, accepted): "unknown key; expected one of \(accepted.joined(separator: ", "))"
            case .duplicateKey: "appears twice; give it once"
            case let .unknownRequest(id, known): "no request has id \(id); expected one of \(known)"
            case let .narration(problem): problem.description
            case let .claim(problem): problem.description
            case let .rule(rule): rule.text
            case let .unreadable(failure): failure.reason
            case let .tooLarge(limit): "is more than \(limit) bytes, the limit for a scenario file"
            case .notUTF8: "is not UTF-8 text; save it as UTF-8"
            case let .bounds(problem): problem.text
            case let .syntax(problem, column): "YAML syntax error: \(problem) (column \(column))"
            case let .unreadableCharacter(problem): "cannot be read: \(problem); remove the character or save the file as plain UTF-8 text"
            case let .yaml(line): "YAML error: \(line)"
        case let .unparsed(error): "cannot be parsed: \(error)"
            case let .config(error): error.description
            case let .memory(error): error.message
            case let .workload(error): error.description
            case let .trace(error): error.description
            case let .engine(error): error.description
            case let .recordingText(problem): problem.description
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
