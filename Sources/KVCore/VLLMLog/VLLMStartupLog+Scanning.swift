extension VLLMStartupLog {
    /// The line without ANSI colour sequences and carriage returns (progress bars redraw with
    /// `\r`: only the last frame counts).
    static func plain(_ raw: Substring) -> Substring {
        var text = raw
        if let lastReturn = text.lastIndex(of: "\r") { text = text[text.index(after: lastReturn)...] }
        guard text.contains("\u{1B}") else { return text }
        var out = ""
        var inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                out.append(character)
            }
        }
        return Substring(out)
    }

    /// The number after `marker`, skipping blanks and the punctuation vLLM puts between a name
    /// and its value (`=`, `:`, `(`, quotes); digit-group commas are read through.
    static func number(after marker: String, in line: Substring) -> Double? {
        guard let range = line.range(of: marker) else { return nil }
        var index = range.upperBound
        while index < line.endIndex, " \t=:('\"".contains(line[index]) { index = line.index(after: index) }
        var digits = ""
        while index < line.endIndex {
            let c = line[index]
            if c.isASCII, c.isNumber || c == "." {
                digits.append(c)
            } else if c == ",", let next = line.index(index, offsetBy: 1, limitedBy: line.endIndex), next < line.endIndex,
                      line[next].isASCII, line[next].isNumber, !digits.isEmpty, !digits.contains(".") {
                // a thousands separator (476,016), not a list comma
            } else {
                break
            }
            index = line.index(after: index)
        }
        while digits.hasSuffix(".") { digits.removeLast() }
        // No figure of a real log comes near 1e15: a larger one is corruption, never converted to Int.
        guard let value = Double(digits), value.isFinite, value < 1e15 else { return nil }
        return value
    }

    /// The text between quotes after `marker` (`model='meta-llama/...'`).
    static func quoted(after marker: String, in line: Substring) -> String? {
        guard let range = line.range(of: marker), range.upperBound < line.endIndex else { return nil }
        let quote = line[range.upperBound]
        guard quote == "'" || quote == "\"" else { return nil }
        let rest = line[line.index(after: range.upperBound)...]
        guard let end = rest.firstIndex(of: quote) else { return nil }
        let name = rest[..<end]
        return name.isEmpty ? nil : String(name)
    }

    /// The version a line states: "engine (v0.19.0)", "API server version 0.8.1",
    /// "vLLM Version : 0.18.2rc1".
    static func version(in line: Substring) -> String? {
        for marker in ["LLM engine (v", "server version ", "vLLM Version", "vllm version "] {
            guard let range = line.range(of: marker) else { continue }
            var index = range.upperBound
            while index < line.endIndex, " :v".contains(line[index]) { index = line.index(after: index) }
            var text = ""
            while index < line.endIndex, line[index].isASCII, line[index].isNumber || line[index] == "." {
                text.append(line[index])
                index = line.index(after: index)
            }
            while text.hasSuffix(".") { text.removeLast() }
            if text.split(separator: ".").count >= 2 { return text }
        }
        return nil
    }

    /// A line as an error message quotes it: at most 60 characters.
    static func shown(_ line: Substring) -> String {
        var trimmed = line
        while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        let safe = String(trimmed.map { $0.isASCII && ($0.asciiValue ?? 32) < 32 ? "?" : $0 })
        return safe.count <= 60 ? safe : String(safe.prefix(57)) + "..."
    }
}
