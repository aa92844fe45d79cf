import Foundation

/// The modules of the package and what each depends on, read two ways: from `Package.swift`
/// (every non-test target and its `dependencies:`, products by their name) and from the module
/// table of `docs/ARCHITECTURE.md` (first column the module, last column its dependencies or
/// "nothing"), so a test can hold one against the other.
struct PackageGraph: Equatable {
    /// Module name -> the names it depends on.
    var edges: [String: Set<String>]

    /// What `other` has that this graph lacks, one line each: "module X" or "edge X -> Y".
    func missing(from other: PackageGraph) -> [String] {
        var lines: [String] = []
        for (module, targets) in other.edges.sorted(by: { $0.key < $1.key }) {
            guard let ours = edges[module] else {
                lines.append("module \(module)")
                continue
            }
            for target in targets.subtracting(ours).sorted() { lines.append("edge \(module) -> \(target)") }
        }
        return lines
    }

    /// The targets of a `Package.swift` text, test targets left out.
    init(manifest text: String) {
        edges = [:]
        let kinds = ["target", "executableTarget", "systemLibrary", "plugin"]
        let call = /\.(\w+)\(\s*name:\s*"([^"]+)"/
        var rest = text[...]
        while let match = rest.firstMatch(of: call) {
            let body = Self.balanced(text, from: match.range.lowerBound)
            rest = text[match.range.upperBound...]
            guard kinds.contains(String(match.1)) else { continue }
            var depends = Set<String>()
            if let list = body.firstMatch(of: /dependencies:\s*\[/) {
                let inner = Self.bracketed(body, from: list.range.upperBound)
                var names = inner
                for product in inner.matches(of: /\.product\(\s*name:\s*"([^"]+)"[^)]*\)/) {
                    depends.insert(String(product.1))
                    names = names.replacingOccurrences(of: String(product.0), with: "")
                }
                for name in names.matches(of: /"([^"]+)"/) { depends.insert(String(name.1)) }
            }
            edges[String(match.2), default: []].formUnion(depends)
        }
    }

    /// The rows of the markdown table under `## Modules`: `` `Name` `` in the first cell, the
    /// dependencies (backquoted or plain, comma-separated, "nothing" for none) in the last.
    init(architecture text: String) {
        edges = [:]
        guard let start = text.range(of: "## Modules") else { return }
        let section = text[start.upperBound...].prefix { _ in true }
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        for line in section[..<end].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, let name = cells[0].firstMatch(of: /`([^`]+)`/) else { continue }
            let last = cells[cells.count - 1]
            var depends = Set<String>()
            if last != "nothing" {
                for item in last.split(separator: ",") {
                    let word = item.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
                    if !word.isEmpty { depends.insert(word) }
                }
            }
            edges[String(name.1), default: []].formUnion(depends)
        }
    }

    init(edges: [String: Set<String>]) {
        self.edges = edges
    }

    /// `text` from the `(` after `from` to its matching `)`.
    private static func balanced(_ text: String, from: String.Index) -> Substring {
        guard let open = text[from...].firstIndex(of: "(") else { return text[from...] }
        var depth = 0
        var index = open
        while index < text.endIndex {
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" { depth -= 1; if depth == 0 { return text[open...index] } }
            index = text.index(after: index)
        }
        return text[open...]
    }

    /// `text` from `from` (just inside a `[`) to its matching `]`.
    private static func bracketed(_ text: Substring, from: String.Index) -> String {
        var depth = 1
        var index = from
        while index < text.endIndex {
            if text[index] == "[" { depth += 1 }
            if text[index] == "]" { depth -= 1; if depth == 0 { return String(text[from..<index]) } }
            index = text.index(after: index)
        }
        return String(text[from...])
    }
}
