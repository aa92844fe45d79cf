import KVBase
import Engine

/// Narration text with placeholders for figures computed when the text is shown, parsed once
/// when the walkthrough loads (`NarrationTemplate.parse`): `{kv_computed_total}`,
/// `{request_blocks request=1}`, `{kv_bytes model=llama-2-70b seq_len=4096}` become typed
/// `Placeholder`s. `{{` and `}}` stand for literal braces.
///
/// The figure rule: a placeholder is live, it follows the snapshot on screen at every step its
/// cue is up, so it always equals the same quantity wherever else the screen shows it. A figure
/// marked `anchored` (`{kv_used anchored}`) keeps the value it had when its cue fired, and then
/// the same text must write that step in with `{anchor}` ("at {anchor}: ..." renders "at step 8:
/// ..."; "第 8 步" in Chinese), so a frozen figure never passes for a current one.
public struct NarrationTemplate: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case placeholder(Placeholder, anchored: Bool = false)
        /// An anchored figure after its cue fired: the value it had then (nil: it had none, and
        /// the text shows none).
        case frozen(Placeholder, value: String?)
        /// `{anchor}`: the step the cue fired at, written in the text's language.
        case anchor
    }

    public let segments: [Segment]

    public init(segments: [Segment]) { self.segments = segments }

    /// The text with each placeholder replaced by `resolve(placeholder, anchored)`, each frozen
    /// figure by its value and `{anchor}` by `anchor`; nil when a figure has no value (a "?"
    /// never reaches the screen).
    public func render(anchor: String = "", _ resolve: (Placeholder, Bool) -> String?) -> String? {
        var out = ""
        for segment in segments {
            switch segment {
            case let .literal(text): out += text
            case .anchor: out += anchor
            case let .placeholder(placeholder, anchored):
                guard let value = resolve(placeholder, anchored) else { return nil }
                out += value
            case let .frozen(_, value):
                guard let value else { return nil }
                out += value
            }
        }
        return out
    }

    /// `render` for a resolver that treats anchored and live figures alike.
    public func render(_ resolve: (Placeholder) -> String?) -> String? {
        render { placeholder, _ in resolve(placeholder) }
    }

    /// The template with every anchored placeholder replaced by its value now and `{anchor}` by
    /// `anchor`: what a cue keeps from the moment it fires.
    func anchored(at anchor: String, _ resolve: (Placeholder) -> String?) -> NarrationTemplate {
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
            case let .placeholder(placeholder, true): result.append(.frozen(placeholder, value: resolve(placeholder)))
            case .placeholder, .frozen: result.append(segment)
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

    /// The placeholders the text quotes, in order (frozen ones included).
    public var placeholders: [Placeholder] {
        segments.compactMap {
            switch $0 {
            case let .placeholder(placeholder, _), let .frozen(placeholder, _): placeholder
            case .literal, .anchor: nil
            }
        }
    }

    /// The kinds of the placeholders marked `anchored` (not yet fired).
    public var anchoredPlaceholders: [Placeholder.Kind] {
        segments.compactMap {
            if case let .placeholder(placeholder, true) = $0 { return placeholder.kind }
            return nil
        }
    }
}
