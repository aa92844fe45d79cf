/// The colour pairs handed to ncurses so far, keyed by (foreground, background) colour numbers.
///
/// ncurses draws colours only through numbered pairs, and a 256-colour terminal has far more
/// combinations than pairs worth registering up front, so pairs are created on first use and
/// cached. Pair 0 is the terminal's default colours; when the table is full, further
/// combinations fall back to it rather than fail.
struct ColorPairTable {
    struct Key: Hashable {
        var foreground: Int16
        var background: Int16
    }

    private var pairs: [Key: Int16] = [:]
    private var nextPair: Int16 = 1
    private let capacity: Int

    /// `capacity` is the number of pairs the terminal supports (COLOR_PAIRS), pair 0 included.
    init(capacity: Int) {
        self.capacity = min(max(capacity, 1), Int(Int16.max))
    }

    /// The pair for the colours, registering it through `register(pair, fg, bg)` on first use.
    /// Colour -1 is the terminal default (after `use_default_colors`).
    mutating func pair(
        foreground: Int16, background: Int16, register: (Int16, Int16, Int16) -> Bool
    ) -> Int16 {
        if foreground == -1 && background == -1 { return 0 }
        let key = Key(foreground: foreground, background: background)
        if let known = pairs[key] { return known }
        guard Int(nextPair) < capacity, register(nextPair, foreground, background) else {
            pairs[key] = 0
            return 0
        }
        pairs[key] = nextPair
        nextPair += 1
        return pairs[key] ?? 0
    }
}
