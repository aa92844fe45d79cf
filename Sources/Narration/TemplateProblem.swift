import KVBase

/// What is wrong with a narration text, found when the walkthrough loads: its syntax, a
/// placeholder's name or arguments (`NarrationTemplate.parse`), or what a placeholder needs that
/// the scenario lacks (the scenario loader's check). The loader puts the file, line and field in
/// front (`demos/x.yaml:12: narration[3].en: ...`); `description` is the rest, in this one place.
public enum TemplateProblem: KVVizError, Equatable {
    case loneClosingBrace
    case unclosedBrace
    case emptyPlaceholder
    /// `{anchor 8}`.
    case anchorTakesArguments
    /// A name that is no `Placeholder.Kind`.
    case unknownPlaceholder(String)
    /// `{used_blocks anchored=8}`: a flag written with a value.
    case flagWithValue(Placeholder.Kind, word: String)
    /// `{step now}`.
    case notKeyValue(Placeholder.Kind, word: String)
    /// `{kv_bytes color=red}`.
    case unknownArgument(Placeholder.Kind, argument: String)
    /// `{request_tokens}`: a required argument left out.
    case missingArgument(Placeholder.Kind, PlaceholderArgument)
    /// An argument whose value is not one it accepts (`accepted` says which).
    case badValue(Placeholder.Kind, PlaceholderArgument, value: String, accepted: String)
    /// `{x anchored}` in a text that does not write its step in with `{anchor}`.
    case anchoredWithoutAnchor(Placeholder.Kind)
    /// The scenario cannot give the figure a value (no model, no memory picture, no contiguous
    /// baseline).
    case unmetNeed(Placeholder.Kind, Placeholder.Kind.Need)
    /// A figure of what an event did, in a cue fired by a step.
    case needsEvent(Placeholder.Kind)
    /// A figure of a copy (`copy_from`, `copy_to`), in a cue fired by another event.
    case needsCopyEvent(Placeholder.Kind, got: NarrationEventKind)

    public var description: String {
        switch self {
        case .loneClosingBrace: "a lone '}'; write '}}' for a brace"
        case .unclosedBrace: "a '{' is never closed; write '{{' for a brace"
        case .emptyPlaceholder: "an empty placeholder {}"
        case .anchorTakesArguments: "{anchor} takes nothing; it writes the step the cue fired at"
        case let .unknownPlaceholder(name):
            "unknown placeholder {\(name)}; " + (Self.nearest(to: name).map { "did you mean {\($0)}? " } ?? "")
                + "known: \(Placeholder.Kind.allCases.map(\.rawValue).sorted().joined(separator: ", "))"
        case let .flagWithValue(kind, word):
            "placeholder {\(kind.rawValue)}: '\(word)' takes no value; write {\(kind.rawValue) anchored} and {anchor} in the same text"
        case let .notKeyValue(kind, word): "placeholder {\(kind.rawValue)}: '\(word)' is not key=value"
        case let .unknownArgument(kind, argument):
            "placeholder {\(kind.rawValue)} takes no '\(argument)'" + Self.takes(kind)
        case let .missingArgument(kind, argument): "placeholder {\(kind.rawValue)} needs \(argument.rawValue)=..."
        case let .badValue(kind, argument, value, accepted):
            "placeholder {\(kind.rawValue)}: \(argument.rawValue)= expects \(accepted), got '\(value)'"
        case let .anchoredWithoutAnchor(kind):
            "placeholder {\(kind.rawValue) anchored} keeps the value of the step the cue fired at; write that step in the same text with {anchor} (\"at {anchor}: ...\"), or drop 'anchored' to keep it live"
        case let .unmetNeed(kind, need): "placeholder {\(kind.rawValue)} needs " + Self.fix(need)
        case let .needsEvent(kind): "placeholder {\(kind.rawValue)} names what an event did; it needs on: EVENT, not step:"
        case let .needsCopyEvent(kind, event):
            "placeholder {\(kind.rawValue)} needs on: \(NarrationEventKind.copiedOnWrite.rawValue), not on: \(event.rawValue)"
        }
    }

    /// The known name a typo most likely meant: at most two edits away (and fewer than half its
    /// letters), the closest first; nil when none is that close.
    static func nearest(to name: String) -> String? {
        let typed = Array(name)
        var best: (name: String, distance: Int)?
        for kind in Placeholder.Kind.allCases {
            let distance = editDistance(typed, Array(kind.rawValue))
            if distance <= 2, distance * 2 < typed.count, distance < (best?.distance ?? .max) {
                best = (kind.rawValue, distance)
            }
        }
        return best?.name
    }

    /// Levenshtein distance, a swap of two neighbours counting as one edit.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous) = (previous, current)
        }
        return previous[b.count]
    }

    private static func takes(_ kind: Placeholder.Kind) -> String {
        let known = (kind.arguments.required + kind.arguments.optional).map(\.rawValue)
        return known.isEmpty ? "" : "; it takes \(known.joined(separator: ", "))"
    }

    private static func fix(_ need: Placeholder.Kind.Need) -> String {
        switch need {
        case .model: "a model: add model=ID or a top-level model:"
        case .memoryPicture: "a memory picture: add a top-level model: (memory mode has no toy model)"
        case .contiguousTrack: "a contiguous baseline: add contiguous: max or view: compare"
        case .event, .copyEvent: "an event: give the cue on: EVENT"
        case .nothing: "nothing"
        }
    }
}
