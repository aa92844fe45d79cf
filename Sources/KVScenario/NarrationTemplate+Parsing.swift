import Engine

extension NarrationTemplate {
    /// Parses `text`; `fail` receives a message for an unknown name or argument or a bad brace.
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
            guard let spec = Placeholder(rawValue: name)?.arguments else {
                let known = Placeholder.allCases.map(\.rawValue).sorted().joined(separator: ", ")
                return .failure(.init("unknown placeholder {\(name)}; known: \(known)"))
            }
            var arguments: [String: String] = [:]
            var live = false
            for word in words.dropFirst() {
                if word == "live" {
                    live = true
                    continue
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
            segments.append(.placeholder(name: name, arguments: arguments, live: live))
            index = text.index(after: close)
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return .success(NarrationTemplate(segments: segments))
    }
}
