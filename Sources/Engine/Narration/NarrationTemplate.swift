/// Narration text with placeholders for figures computed when the text is shown (parsed and
/// checked by the scenario module, `NarrationTemplate.parse` and `Placeholder`):
/// `{kv_computed_total}`, `{request_blocks request=1}`, `{kv_bytes model=llama-2-70b seq_len=4096}`.
/// `{{` and `}}` stand for literal braces. A placeholder takes its value when its cue fires and
/// keeps it while the cue is shown; the word `live` (`{kv_used live}`) makes it follow the screen.
public struct NarrationTemplate: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case placeholder(name: String, arguments: [String: String], live: Bool = false)
    }

    public let segments: [Segment]

    public init(segments: [Segment]) { self.segments = segments }

    /// The text with each placeholder replaced by `resolve(name, arguments)` ("?" if it has no value).
    public func render(_ resolve: (String, [String: String]) -> String?) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case let .literal(text): out += text
            case let .placeholder(name, arguments, _): out += resolve(name, arguments) ?? "?"
            }
        }
        return out
    }

    /// The template with every placeholder not marked live replaced by its value now: what a cue
    /// keeps from the moment it fires.
    func frozen(_ resolve: (String, [String: String]) -> String?) -> NarrationTemplate {
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
            case let .placeholder(name, arguments, live):
                if live { result.append(segment) } else { append(resolve(name, arguments) ?? "?") }
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

    /// True when some placeholder follows the screen.
    var hasLivePlaceholders: Bool {
        segments.contains { if case .placeholder(_, _, true) = $0 { true } else { false } }
    }

    public var placeholders: [(name: String, arguments: [String: String])] {
        segments.compactMap {
            if case let .placeholder(name, arguments, _) = $0 { return (name, arguments) }
            return nil
        }
    }
}

public struct TemplateProblem: Error, Equatable {
    public let message: String
    package init(_ message: String) { self.message = message }
}
