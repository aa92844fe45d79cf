import Engine
/// A look at a scenario's YAML text before Yams parses it, refusing the two shapes that would
/// make parsing hang or crash: aliases that expand to a huge tree (a "billion laughs" alias
/// bomb; Yams compares mapping keys by value, so a bomb used as a key takes exponential time)
/// and nesting deep enough to exhaust the stack of a recursive composer.
///
/// It is a lexical scan, not a YAML parser: it skips comments, quoted strings and block
/// scalars, follows flow brackets and indentation, and errs on the side of counting too much.
/// Every anchor gets a weight (1 plus the weights of the aliases inside it), and the weights
/// of all aliases are summed; an alias whose anchor is unknown weighs 1. Real walkthroughs use
/// a handful of aliases for shared prompts, far below the limits.
/// A YAML text past the bounds `YAMLBounds` keeps, worded once.
public enum YAMLBoundsProblem: Equatable, Sendable {
    /// Nesting `depth` levels deep (indentation, list entries and brackets).
    case tooDeep(depth: Int, maximum: Int)
    /// Aliases that, up to `alias`, stand for more than `maximum` nodes.
    case aliasesExpand(alias: String, maximum: Int)

    var text: String {
        switch self {
        case let .tooDeep(depth, maximum):
            "nests \(depth) levels deep (indentation, list entries and brackets), more than the \(maximum) allowed; flatten it"
        case let .aliasesExpand(alias, maximum):
            "its aliases (*\(alias) and earlier ones) expand to more than \(maximum) nodes; write the repeated parts out or alias less"
        }
    }
}

enum YAMLBounds {
    /// Most nodes all aliases together may stand for.
    static let maxAliasExpansion = 10_000
    /// Deepest nesting: indentation columns, `- ` / `? ` entries on one line and open flow brackets.
    static let maxDepth = 256

    struct Violation: Equatable {
        let line: Int
        let problem: YAMLBoundsProblem
    }

    private struct OpenAnchor {
        enum Extent { case flow(depth: Int), block(indent: Int) }
        let name: [UInt8]
        let extent: Extent
        var weight = 1
    }

    static func check(_ text: String) -> Violation? {
        var scanner = Scanner()
        let bytes = Array(text.utf8)
        var lineStart = 0
        var lineNumber = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            var breakLength = 0
            while lineEnd < bytes.count {
                breakLength = lineBreakLength(bytes, at: lineEnd)
                if breakLength > 0 { break }
                lineEnd += 1
            }
            lineNumber += 1
            if let problem = scanner.scan(bytes[lineStart ..< lineEnd]) { return Violation(line: lineNumber, problem: problem) }
            lineStart = lineEnd + max(breakLength, 1)
        }
        return nil
    }

    /// The length in bytes of the line break at `index`, 0 if there is none: every break the
    /// YAML parser honours (libyaml follows YAML 1.1), not only LF: CR LF, CR, NEL (U+0085),
    /// LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029). Counting only LF would let
    /// a bomb written on one "line" of CRs pass as a single line.
    static func lineBreakLength(_ bytes: [UInt8], at index: Int) -> Int {
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            return index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    private struct Scanner {
        var weights: [[UInt8]: Int] = [:]
        var open: [OpenAnchor] = []
        var total = 0
        var flowDepth = 0
        var quote: UInt8?
        /// Lines indented deeper than this belong to a block scalar (`|` or `>`).
        var blockScalarIndent: Int?

        mutating func scan(_ line: ArraySlice<UInt8>) -> YAMLBoundsProblem? {
            let space = UInt8(ascii: " ")
            var index = line.startIndex
            while index < line.endIndex, line[index] == space { index += 1 }
            let indent = index - line.startIndex
            let blank = index == line.endIndex || line[index] == UInt8(ascii: "#") || line[index] == UInt8(ascii: "\r")
            if let scalarIndent = blockScalarIndent, quote == nil {
                if blank || indent > scalarIndent { return nil }
                blockScalarIndent = nil
            }
            if !blank, quote == nil, flowDepth == 0 { closeBlockAnchors(at: indent, startsWithDash: line[index] == UInt8(ascii: "-")) }
            var entries = 0
            var tokenStart = true
            while index < line.endIndex {
                let byte = line[index]
                if let open = quote {
                    if open == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                        index += 2
                        continue
                    }
                    if byte == open {
                        if open == UInt8(ascii: "'"), index + 1 < line.endIndex, line[index + 1] == open {
                            index += 2
                            continue
                        }
                        quote = nil
                    }
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    tokenStart = true
                    index += 1
                    continue
                case UInt8(ascii: "#") where tokenStart:
                    return nil
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if tokenStart { quote = byte }
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flowDepth += 1
                    if indent + entries + flowDepth > maxDepth { return Self.tooDeep(indent + entries + flowDepth) }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if flowDepth > 0 {
                        flowDepth -= 1
                        closeFlowAnchors()
                    }
                case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                    if tokenStart, flowDepth == 0, index + 1 == line.endIndex || line[index + 1] == space {
                        if byte != UInt8(ascii: ":") { entries += 1 }
                        index += 1
                        continue  // still at a token start
                    }
                case UInt8(ascii: "|"), UInt8(ascii: ">"):
                    if tokenStart, flowDepth == 0 { blockScalarIndent = indent }
                case UInt8(ascii: "&") where tokenStart, UInt8(ascii: "*") where tokenStart:
                    var end = index + 1
                    while end < line.endIndex, !Self.endsName(line[end]) { end += 1 }
                    let name = Array(line[index + 1 ..< end])
                    if byte == UInt8(ascii: "&") {
                        defineAnchor(name, rest: line[end...], indent: indent)
                    } else if let problem = alias(name) {
                        return problem
                    }
                    index = end
                    tokenStart = false
                    continue
                default:
                    break
                }
                if flowDepth > 0, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    tokenStart = true
                } else {
                    tokenStart = false
                }
                index += 1
            }
            let depth = indent + entries + flowDepth
            return depth > maxDepth ? Self.tooDeep(depth) : nil
        }

        static func tooDeep(_ depth: Int) -> YAMLBoundsProblem {
            .tooDeep(depth: depth, maximum: maxDepth)
        }

        static func endsName(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: ",")
                || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
        }

        mutating func defineAnchor(_ name: [UInt8], rest: ArraySlice<UInt8>, indent: Int) {
            let next = rest.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }
            switch next {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(OpenAnchor(name: name, extent: .flow(depth: flowDepth)))
            case nil, UInt8(ascii: "#"):
                open.append(OpenAnchor(name: name, extent: .block(indent: indent)))
            default:
                weights[name] = 1  // a scalar
            }
        }

        mutating func alias(_ name: [UInt8]) -> YAMLBoundsProblem? {
            let weight = weights[name] ?? 1
            total += weight
            for index in open.indices { open[index].weight += weight }
            guard total <= maxAliasExpansion else {
                return .aliasesExpand(alias: String(decoding: name, as: UTF8.self), maximum: maxAliasExpansion)
            }
            return nil
        }

        /// A flow anchor ends when its bracket closes.
        mutating func closeFlowAnchors() {
            while let last = open.last, case .flow(let depth) = last.extent, flowDepth <= depth {
                weights[last.name] = last.weight
                open.removeLast()
            }
        }

        /// A block anchor ends at the first line indented no deeper than the line it is on
        /// (a `- ` entry at the same indentation still belongs to a mapping key's value).
        mutating func closeBlockAnchors(at indent: Int, startsWithDash: Bool) {
            while let last = open.last, case .block(let anchorIndent) = last.extent,
                  indent < anchorIndent || (indent == anchorIndent && !startsWithDash) {
                weights[last.name] = last.weight
                open.removeLast()
            }
        }
    }
}
