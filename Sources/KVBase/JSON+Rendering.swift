/// kvviz's one JSON style: two-space indentation, `"key": value`, one member or element a line;
/// an array of scalars on one line (`[1, 2, 3]`); empty containers as `{}` and `[]`; a final
/// newline after the top-level value. Strings keep non-ASCII text (CJK) as UTF-8 and escape
/// quotes, backslashes and control characters.
extension JSON {
    public var rendered: String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    /// The value on one line with no spaces (for JSON embedded in other formats, e.g. asciicast).
    public var compact: String {
        var out = ""
        writeCompact(into: &out)
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case let .array(elements):
            if elements.isEmpty {
                out += "[]"
            } else if elements.allSatisfy(\.isScalar) {
                out += "["
                for (index, element) in elements.enumerated() {
                    if index > 0 { out += ", " }
                    element.writeCompact(into: &out)
                }
                out += "]"
            } else {
                let pad = String(repeating: " ", count: indent + 2)
                out += "[\n"
                for (index, element) in elements.enumerated() {
                    out += pad
                    element.write(into: &out, indent: indent + 2)
                    out += index == elements.count - 1 ? "\n" : ",\n"
                }
                out += String(repeating: " ", count: indent) + "]"
            }
        case let .object(object):
            guard !object.members.isEmpty else { out += "{}"; return }
            let pad = String(repeating: " ", count: indent + 2)
            out += "{\n"
            for (index, member) in object.members.enumerated() {
                out += pad + JSON.quoted(member.key) + ": "
                member.value.write(into: &out, indent: indent + 2)
                out += index == object.members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        default:
            writeCompact(into: &out)
        }
    }

    private func writeCompact(into out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .int(value): out += String(value)
        case let .number(value): out += JSON.numberText(value)
        case let .fixed(value, digits): out += JSON.fixedText(value, digits: digits)
        case let .string(value): out += JSON.quoted(value)
        case let .array(elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.writeCompact(into: &out)
            }
            out += "]"
        case let .object(object):
            out += "{"
            for (index, member) in object.members.enumerated() {
                if index > 0 { out += "," }
                out += JSON.quoted(member.key) + ":"
                member.value.writeCompact(into: &out)
            }
            out += "}"
        }
    }
}

extension JSON {
    /// `text` as a JSON string literal: quotes, backslashes and control characters (C0, DEL and
    /// C1) escaped, everything else (CJK, emoji) kept as is.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The shortest text that reads back as `value`, always with a decimal point:
    /// 2 -> "2.0", 1e-7 -> "1.0e-07", 0.1 -> "0.1"; NaN and infinities -> "null".
    public static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        var text = "\(value)"
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            if !text[..<e].contains(".") { text.insert(contentsOf: ".0", at: e) }
        } else if !text.contains(".") {
            text += ".0"
        }
        return text
    }

    /// `value` with exactly `digits` decimals (at least one): fixedText(0.96312, digits: 3) == "0.963".
    /// Values too large for fixed notation fall back to `number`; non-finite ones to "null".
    public static func fixedText(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "null" }
        let digits = min(max(1, digits), 15)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return numberText(value) }
        let units = Int(scaled)
        let whole = units / Int(scale)
        let fraction = String(units % Int(scale))
        let sign = value < 0 && units > 0 ? "-" : ""
        return "\(sign)\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }
}
