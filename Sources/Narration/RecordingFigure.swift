import Foundation
import KVBase

/// The figures a recorded walkthrough's narration may quote (`{cached_blocks}`), each read from
/// the replayed cache at the frame on screen, and each printed elsewhere on the live screen, so
/// `kvviz check` holds the cue's figure against the screen's. The values are computed in one
/// place, `RecordedFigures` (Visualizer); the names and their syntax here.
public enum RecordingFigure: String, CaseIterable, Sendable {
    /// The replay position: frames applied so far (title bar: "frame N/M").
    case frame
    /// Batches applied (title bar: "N batches").
    case batches
    /// Events in those batches (title bar: "N events").
    case events
    /// Cached blocks of every tier (Events panel: "cached blocks").
    case cachedBlocks = "cached_blocks"
    /// Prefix trees of every tier (Events panel: "prefix trees").
    case prefixTrees = "prefix_trees"
    /// Blocks of the largest prefix tree of the tier shown (its row label "T1·N").
    case largestTree = "largest_tree"
    /// Blocks stored since the recording began (Events panel: "stored total").
    case storedTotal = "stored_total"
    /// Cached blocks removed (evicted) since the recording began (Events panel: "evicted total").
    case evictedTotal = "evicted_total"
}

/// A cue's text with `{figure}` placeholders (`{{` and `}}` for braces), parsed once when the
/// file is read so a misspelled figure is an error with its line, never a "?" on screen.
public struct RecordingText: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case figure(RecordingFigure)
    }

    public let segments: [Segment]

    public var figures: [RecordingFigure] {
        segments.compactMap { if case let .figure(figure) = $0 { figure } else { nil } }
    }

    /// Parses `text`; the error says what is wrong with a brace or a name.
    public static func parse(_ text: String) -> Result<RecordingText, RecordingTextProblem> {
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(text)
        while let character = rest.first {
            rest = rest.dropFirst()
            if character == "{", rest.first == "{" { literal.append("{"); rest = rest.dropFirst(); continue }
            if character == "}", rest.first == "}" { literal.append("}"); rest = rest.dropFirst(); continue }
            if character == "}" { return .failure(.loneClosingBrace) }
            guard character == "{" else { literal.append(character); continue }
            guard let close = rest.firstIndex(of: "}") else {
                return .failure(.unclosedBrace)
            }
            let name = String(rest[..<close]).trimmingCharacters(in: .whitespaces)
            guard let figure = RecordingFigure(rawValue: name) else {
                return .failure(.unknownFigure(name))
            }
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
            segments.append(.figure(figure))
            rest = rest[rest.index(after: close)...]
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return .success(RecordingText(segments: segments))
    }

    /// The text with each figure's value.
    public func render(_ value: (RecordingFigure) -> String) -> String {
        segments.map { segment in
            switch segment {
            case let .literal(text): text
            case let .figure(figure): value(figure)
            }
        }.joined()
    }
}

/// What is wrong with a recorded walkthrough's cue text, worded once.
public enum RecordingTextProblem: KVVizError, Sendable, Equatable {
    case loneClosingBrace
    case unclosedBrace
    /// A `{name}` that is not a `RecordingFigure`.
    case unknownFigure(String)

    public var description: String {
        switch self {
        case .loneClosingBrace: "a lone '}'; write '}}' for a brace"
        case .unclosedBrace: "a '{' is never closed; write '{{' for a brace"
        case let .unknownFigure(name):
            "unknown figure {\(name)}; a recorded walkthrough quotes one of "
                + RecordingFigure.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}
