import Engine
import Narration

extension NarrationTemplate {
    /// Parses `text`; the problem names an unknown name or argument, a bad brace, or an anchored
    /// figure whose text does not write its step in with `{anchor}`.
    public static func parse(_ text: String) -> Result<NarrationTemplate, TemplateProblem> {
        var segments: [Segment] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                literal.append("{")
                index = text.index(after: next)
                continue
            }
            if character == "}", next < text.endIndex, text[next] == "}" {
                literal.append("}")
                index = text.index(after: next)
                continue
            }
            if character == "}" { return .failure(.init("a lone '}'; write '}}' for a brace")) }
            guard character == "{" else {
                literal.append(character)
                index = next
                continue
            }
            guard let close = text[next...].firstIndex(of: "}") else {
                return .failure(.init("a '{' is never closed; write '{{' for a brace"))
            }
            let words = text[next..<close].split(separator: " ").map(String.init)
            guard let name = words.first else { return .failure(.init("an empty placeholder {}")) }
            if name == "anchor" {
                guard words.count == 1 else {
                    return .failure(.init("{anchor} takes nothing; it writes the step the cue fired at"))
                }
                if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                segments.append(.anchor)
                index = text.index(after: close)
                continue
            }
            guard let spec = Placeholder(rawValue: name)?.arguments else {
                let known = Placeholder.allCases.map(\.rawValue).sorted().joined(separator: ", ")
                return .failure(.init("unknown placeholder {\(name)}; known: \(known)"))
            }
            var arguments: [String: String] = [:]
            var anchored = false
            for word in words.dropFirst() {
                // Every figure is live; the word is still accepted from older files.
                if word == "live" { continue }
                if word == "anchored" {
                    anchored = true
                    continue
                }
                if word.hasPrefix("anchored=") || word.hasPrefix("live=") {
                    return .failure(.init("placeholder {\(name)}: '\(word)' takes no value; write {\(name) anchored} and {anchor} in the same text"))
                }
                let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[1].isEmpty else {
                    return .failure(.init("placeholder {\(name)}: '\(word)' is not key=value"))
                }
                guard spec.required.contains(parts[0]) || spec.optional.contains(parts[0]) else {
                    let known = (spec.required + spec.optional).joined(separator: ", ")
                    return .failure(.init("placeholder {\(name)} takes no '\(parts[0])'" + (known.isEmpty ? "" : "; it takes \(known)")))
                }
                arguments[parts[0]] = parts[1]
            }
            if let missing = spec.required.first(where: { arguments[$0] == nil }) {
                return .failure(.init("placeholder {\(name)} needs \(missing)=..."))
            }
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
            segments.append(.placeholder(name: name, arguments: arguments, anchored: anchored))
            index = text.index(after: close)
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        let template = NarrationTemplate(segments: segments)
        if let first = template.anchoredPlaceholders.first, !template.hasAnchor {
            return .failure(.init("placeholder {\(first) anchored} keeps the value of the step the cue fired at; write that step in the same text with {anchor} (\"at {anchor}: ...\"), or drop 'anchored' to keep it live"))
        }
        return .success(template)
    }
}
