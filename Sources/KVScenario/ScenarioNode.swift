import Engine
import KVBase
import Yams

/// Reads a Yams node tree field by field, so every error can name the file, the line and the
/// field path, and every unknown key is an error rather than silently ignored.
struct ScenarioNode {
    let file: String
    let node: Node
    let path: String

    var line: Int? { node.mark.map(\.line) }

    func error(_ problem: ScenarioError.Problem) -> ScenarioError {
        ScenarioError(file: file, line: line, field: path, problem)
    }

    /// A rule of this field broken.
    func error(_ rule: ScenarioError.Rule) -> ScenarioError {
        error(.rule(rule))
    }

    /// What a value looks like, for "expected X, got Y".
    var shown: String {
        switch node {
        case let .scalar(scalar):
            // One line, whatever the value: a multi-line text (a mangled list read as a plain
            // scalar) shows its first line, cut.
            let text = scalar.string
            guard !text.isEmpty else { return "an empty value" }
            let first = text.prefix { $0 != "\n" && $0 != "\r" }
            let cut = first.count > 60 ? String(first.prefix(60)) : String(first)
            return cut.count < text.count ? "'\(cut)…'" : "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private func child(_ node: Node, _ key: String) -> ScenarioNode {
        ScenarioNode(file: file, node: node, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The mapping's entries, after checking that every key is one of `allowed`.
    func fields(allowed: [String]) throws(ScenarioError) -> [String: ScenarioNode] {
        guard case let .mapping(mapping) = node else {
            throw error(.unaccepted(value: shown, accepted: "a mapping of \(allowed.joined(separator: ", "))"))
        }
        var result: [String: ScenarioNode] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? ""
            let keyed = ScenarioNode(file: file, node: keyNode, path: path.isEmpty ? key : "\(path).\(key)")
            guard allowed.contains(key) else {
                throw keyed.error(.unknownKey(key, accepted: allowed))
            }
            guard result[key] == nil else { throw keyed.error(.duplicateKey) }
            result[key] = child(value, key)
        }
        return result
    }

    func items() throws(ScenarioError) -> [ScenarioNode] {
        guard case let .sequence(sequence) = node else { throw error(.unaccepted(value: shown, accepted: "a list")) }
        return sequence.enumerated().map { ScenarioNode(file: file, node: $1, path: "\(path)[\($0)]") }
    }

    func string() throws(ScenarioError) -> String {
        guard case let .scalar(scalar) = node else { throw error(.unaccepted(value: shown, accepted: "text")) }
        return scalar.string
    }

    /// An integer in `minimum...maximum`. The default ceiling keeps sums of a few fields (prompt +
    /// max_tokens + block_size) far from overflow, so a huge number is an error, never a trap.
    func int(atLeast minimum: Int? = nil, atMost maximum: Int = 1_000_000_000,
             expected: String = "an integer") throws(ScenarioError) -> Int {
        guard case let .scalar(scalar) = node, let value = Int(scalar.string) else {
            throw error(.unaccepted(value: shown, accepted: expected))
        }
        if let minimum, value < minimum { throw error(.unaccepted(value: "\(value)", accepted: expected)) }
        if value > maximum { throw error(.aboveMaximum(value: value, maximum: maximum, accepted: expected)) }
        return value
    }

    func positiveInt(atMost maximum: Int = 1_000_000_000) throws(ScenarioError) -> Int {
        try int(atLeast: 1, atMost: maximum, expected: "a positive integer")
    }

    func double(in range: ClosedRange<Double>) throws(ScenarioError) -> Double {
        guard case let .scalar(scalar) = node, let value = Double(scalar.string), value.isFinite, range.contains(value) else {
            throw error(.unaccepted(value: shown, accepted: "a number from \(range.lowerBound) to \(range.upperBound)"))
        }
        return value
    }

    func bool() throws(ScenarioError) -> Bool {
        guard case let .scalar(scalar) = node else { throw error(.unaccepted(value: shown, accepted: "true or false")) }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(.unaccepted(value: shown, accepted: "true or false"))
        }
    }

    func choice(_ options: [String]) throws(ScenarioError) -> String {
        let value = try string()
        guard options.contains(value) else {
            throw error(.unaccepted(value: "'\(value)'", accepted: "one of \(options.joined(separator: ", "))"))
        }
        return value
    }

    /// Text that will be drawn on screen, with control characters made visible
    /// (`SafeText.onScreen`): a title, a summary, a narration cue.
    func shownText() throws(ScenarioError) -> String {
        SafeText.onScreen(try string())
    }

    /// One case of a string enum, by its raw value.
    func choice<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) throws(ScenarioError) -> Value
    where Value.RawValue == String {
        let value = try string()
        guard let chosen = Value(rawValue: value) else {
            throw error(.unaccepted(value: "'\(value)'", accepted: "one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        return chosen
    }

    /// One of `options`, by its `id`.
    func choice<Value>(_ options: [Value], id: (Value) -> String) throws(ScenarioError) -> Value {
        let value = try string()
        guard let chosen = options.first(where: { id($0) == value }) else {
            throw error(.unaccepted(value: "'\(value)'", accepted: "one of \(options.map(id).joined(separator: ", "))"))
        }
        return chosen
    }

    /// An `{en: ..., zh: ...}` pair; both are required.
    func text() throws(ScenarioError) -> Scenario.Text {
        let fields = try fields(allowed: ["en", "zh"])
        guard let en = fields["en"] else { throw error(.missingText(language: "en")) }
        guard let zh = fields["zh"] else { throw error(.missingText(language: "zh")) }
        return Scenario.Text(en: try en.shownText(), zh: try zh.shownText())
    }
}
