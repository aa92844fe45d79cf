import Engine

/// Every glyph the block view draws for slots, marks and arrows, in one place, so another glyph
/// set (focus mode for a projector, an ASCII set for plain terminals) maps each of them once.
///
/// The standard set is compact (`▪` stored, `▫` pending); the focus set trades density for
/// contrast that reads from the back of a room (`█` stored, `░` pending).
struct Glyphs: Sendable, Equatable {
    /// A slot whose K/V are written in the cache.
    let stored: Character
    /// A slot whose token is known but whose K/V are not written yet (the next step computes it).
    let pending: Character
    /// A slot holding nothing.
    let empty: Character
    /// Owner column of a free block that keeps its K/V for a later prefix hit.
    let cached: Character
    /// The block changed in this step.
    let changed: Character
    /// Copy-on-write: source ⇒ destination.
    let copy: String
    /// A count changing, e.g. a ref count 3→2.
    let becomes: String
    /// An aggregated cell holding a shared block.
    let sharedGroup: Character

    static let standard = Glyphs(stored: "▪", pending: "▫", empty: "·", cached: "○", changed: "*",
                                 copy: "⇒", becomes: "→", sharedGroup: "+")
    /// Focus mode (`f`, `--focus`): full versus light blocks.
    static let focus = Glyphs(stored: "█", pending: "░", empty: "·", cached: "○", changed: "*",
                              copy: "⇒", becomes: "→", sharedGroup: "+")

    func slot(_ state: SlotState) -> Character {
        switch state {
        case .stored: stored
        case .pending: pending
        case .empty: empty
        }
    }

    /// A block's slots as one glyph each, in slot order.
    func slots(_ fill: SlotFill, size: Int) -> String {
        var text = ""
        text.unicodeScalars.reserveCapacity(size)
        for slot in 0..<max(0, size) { text.append(self.slot(fill.state(ofSlot: slot))) }
        return text
    }
}
