import TerminalCanvas

/// Column padding for the command-line reports, measured in terminal columns by the one width
/// table (`DisplayWidth`): a CJK character takes two.
enum TextColumns {
    static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - self.width(text)))
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - self.width(text))) + text
    }

    /// Terminal columns of `text`.
    static func width(_ text: String) -> Int { DisplayWidth.of(text) }
}
