import KVBase
import Engine

/// Narration text with placeholders for figures computed when the text is shown (parsed and
/// checked by the scenario module, `NarrationTemplate.parse` and `Placeholder`):
/// `{kv_computed_total}`, `{request_blocks request=1}`, `{kv_bytes model=llama-2-70b seq_len=4096}`.
/// `{{` and `}}` stand for literal braces.
///
/// The figure rule: a placeholder is live, it follows the snapshot on screen at every step its
/// cue is up, so it always equals the same quantity wherever else the screen shows it. A figure
/// marked `anchored` (`{kv_used anchored}`) keeps the value it had when its cue fired, and then
/// the same text must write that step in with `{anchor}` ("at {anchor}: ..." renders "at step 8:
/// ..."; "第 8 步" in Chinese), so a frozen figure never passes for a current one.
public struct NarrationTemplate: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case placeholder(name: String, arguments: [String: String], anchored: Bool = false)
        /// `{anchor}`: the step the cue fired at, written in the text's language.
        case anchor
    }

    public let segments: [Segment]

    public init(segments: [Segment]) { self.segments = segments }

    /// The text with each placeholder replaced by `resolve(name, arguments, anchored)`, and `{anchor}` by
    /// `anchor`; nil when a placeholder has no value (a "?" never reaches the screen).
    public func render(anchor: String = "", _ resolve: (String, [String: String], Bool) -> String?) -> String? {
        var out = ""
        for segment in segments {
            switch segment {
            case let .literal(text): out += text
            case .anchor: out += anchor
            case let .placeholder(name, arguments, anchored):
                guard let value = resolve(name, arguments, anchored) else { return nil }
                out += value
            }
        }
        return out
    }

    /// `render` for a resolver that treats anchored and live figures alike.
    public func render(_ resolve: (String, [String: String]) -> String?) -> String? {
        render { name, arguments, _ in resolve(name, arguments) }
    }

    /// The template with every anchored placeholder replaced by its value now and `{anchor}` by
    /// `anchor`: what a cue keeps from the moment it fires. A figure without a value stays a
    /// placeholder with no frozen value, and the text renders as none.
    func anchored(at anchor: String, _ resolve: (String, [String: String]) -> String?) -> NarrationTemplate {
        var result: [Segment] = []
        func append(_ text: String) {
            if case let .literal(previous)? = result.last {
                result[result.count - 1] = .literal(previous + text)
            } else {
                result.append(.literal(text))
            }
        }
        for segment in segments {
            switch segment {
            case let .literal(text): append(text)
            case .anchor: append(anchor)
            case let .placeholder(name, arguments, anchored):
                if anchored, let value = resolve(name, arguments) {
                    result.append(.frozenFigure(name: name, arguments: arguments, value: value))
                } else {
                    // Live, or anchored without a value then: it keeps showing none.
                    result.append(segment)
                }
            }
        }
        return NarrationTemplate(segments: result)
    }

    /// The template with `transform` applied to its literal text (placeholders unchanged).
    public func mappingLiterals(_ transform: (String) -> String) -> NarrationTemplate {
        NarrationTemplate(segments: segments.map {
            if case let .literal(text) = $0 { return .literal(transform(text)) }
            return $0
        })
    }

    /// Whether the text writes its cue's step in (`{anchor}`).
    public var hasAnchor: Bool { segments.contains(.anchor) }

    public var placeholders: [(name: String, arguments: [String: String])] {
        segments.compactMap {
            if case let .placeholder(name, arguments, _) = $0 { return (name, arguments) }
            return nil
        }
    }

    /// The placeholders marked `anchored`.
    public var anchoredPlaceholders: [String] {
        segments.compactMap {
            if case let .placeholder(name, _, true) = $0 { return name }
            return nil
        }
    }
}

extension NarrationTemplate.Segment {
    /// An anchored figure after its cue fired: its value then, kept as a placeholder marked
    /// anchored whose one argument carries the text (`NarrationTrack` renders it as it is).
    static func frozenFigure(name: String, arguments: [String: String], value: String) -> Self {
        var kept = arguments
        kept[NarrationTemplate.frozenValueKey] = value
        return .placeholder(name: name, arguments: kept, anchored: true)
    }
}

extension NarrationTemplate {
    /// The argument key an anchored figure's frozen value is kept under (never a scenario key:
    /// scenario arguments are checked against each placeholder's own list).
    static let frozenValueKey = "=value"
}

public struct TemplateProblem: KVVizError, Equatable {
    public let message: String

    package init(_ message: String) { self.message = message }

    public var description: String { message }
}
