extension NarrationTemplate {
    /// Parses `text` into literals, typed placeholders and `{anchor}`; the problem names a bad
    /// brace, an unknown name or argument, a value an argument does not accept, or an anchored
    /// figure whose text does not write its step in with `{anchor}`.
    public static func parse(_ text: String) -> Result<NarrationTemplate, TemplateProblem> {
        var segments: [Segment] = []
        var literal = ""
        func flush() {
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
        }
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{" || character == "}", next < text.endIndex, text[next] == character {
                literal.append(character)
                index = text.index(after: next)
                continue
            }
            if character == "}" { return .failure(.loneClosingBrace) }
            guard character == "{" else {
                literal.append(character)
                index = next
                continue
            }
            guard let close = text[next...].firstIndex(of: "}") else { return .failure(.unclosedBrace) }
            let words = text[next..<close].split(separator: " ").map(String.init)
            guard let name = words.first else { return .failure(.emptyPlaceholder) }
            flush()
            if name == "anchor" {
                guard words.count == 1 else { return .failure(.anchorTakesArguments) }
                segments.append(.anchor)
            } else {
                switch placeholder(name, words.dropFirst()) {
                case let .success((placeholder, anchored)): segments.append(.placeholder(placeholder, anchored: anchored))
                case let .failure(problem): return .failure(problem)
                }
            }
            index = text.index(after: close)
        }
        flush()
        let template = NarrationTemplate(segments: segments)
        if let first = template.anchoredPlaceholders.first, !template.hasAnchor {
            return .failure(.anchoredWithoutAnchor(first))
        }
        return .success(template)
    }

    /// One placeholder from its name and the words after it: `anchored`, `live` (every figure is
    /// live; the word is still accepted from older files) and `key=value` arguments.
    private static func placeholder(_ name: String, _ words: ArraySlice<String>)
        -> Result<(Placeholder, anchored: Bool), TemplateProblem> {
        guard let kind = Placeholder.Kind(rawValue: name) else { return .failure(.unknownPlaceholder(name)) }
        let spec = kind.arguments
        var arguments = PlaceholderArguments()
        var anchored = false
        for word in words {
            if word == "live" { continue }
            if word == "anchored" {
                anchored = true
                continue
            }
            if word.hasPrefix("anchored=") || word.hasPrefix("live=") { return .failure(.flagWithValue(kind, word: word)) }
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else { return .failure(.notKeyValue(kind, word: word)) }
            guard let argument = PlaceholderArgument(rawValue: parts[0]),
                  spec.required.contains(argument) || spec.optional.contains(argument) else {
                return .failure(.unknownArgument(kind, argument: parts[0]))
            }
            if let accepted = arguments.set(argument, from: parts[1]) {
                return .failure(.badValue(kind, argument, value: parts[1], accepted: accepted))
            }
        }
        if let missing = spec.required.first(where: { !arguments.has($0) }) {
            return .failure(.missingArgument(kind, missing))
        }
        return .success((Placeholder(kind, arguments), anchored))
    }
}
