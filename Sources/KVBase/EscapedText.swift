extension String {
    /// This text with every character that could steer a terminal written out visibly, for
    /// echoing text that came from a file or a flag (in an error line, or on screen): C0
    /// controls as `\e`, `\a`, `\r`, `\n` or `\x1B`-style escapes, DEL and the C1 controls
    /// (`\u{9B}` starts a CSI sequence on some terminals) as `\u{..}`, and the bidirectional
    /// overrides that reorder what is shown. A backslash stays as it is: the result is for
    /// reading, not for parsing back. Tabs are kept, and newlines when `keepingNewlines`
    /// (multi-line help text); otherwise the result is always one line.
    public func escapingControlCharacters(keepingNewlines: Bool = false) -> String {
        guard unicodeScalars.contains(where: { Self.needsEscape($0, keepingNewlines: keepingNewlines) }) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            guard Self.needsEscape(scalar, keepingNewlines: keepingNewlines) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x1B: result += "\\e"
            case 0x07: result += "\\a"
            case 0x0D: result += "\\r"
            case 0x0A: result += "\\n"
            case 0x00 ..< 0x20: result += "\\x" + Self.hex(scalar.value, digits: 2)
            default: result += "\\u{" + Self.hex(scalar.value, digits: 2) + "}"
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, keepingNewlines: Bool) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x0A: !keepingNewlines
        case 0x00 ..< 0x20, 0x7F ... 0x9F: true
        case 0x202A ... 0x202E, 0x2066 ... 0x2069: true  // bidirectional embeddings, overrides, isolates
        default: false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: Swift.max(0, digits - text.count)) + text
    }
}
