import TerminalCanvas

/// Lays out a line of figures by priority so what is being taught is never cut: the entries the
/// narration on screen names come first, then the rest in their default order; entries that do
/// not fit are dropped whole, least important first, and the kept ones stay in their places.
enum NamedFirst {
    struct Entry {
        let text: String
        /// Words or figures that, found in the narration, mark this entry as named.
        let names: [String]
    }

    /// `entries` in their display order, `importance` their default ranks (0 most important).
    static func line(_ entries: [Entry], importance: [Int], separator: String, width: Int, narration: String?) -> String {
        let said = narration?.lowercased() ?? ""
        let rank = entries.indices.map { index -> Int in
            let named = entries[index].names.contains { !$0.isEmpty && said.contains($0.lowercased()) }
            return (named ? 0 : 100) + importance[index]
        }
        var kept = Array(entries.indices)
        func text() -> String { kept.map { entries[$0].text }.joined(separator: separator) }
        while DisplayWidth.of(text()) > width, kept.count > 1,
              let worst = kept.max(by: { rank[$0] < rank[$1] }) {
            kept.removeAll { $0 == worst }
        }
        return text()
    }
}
