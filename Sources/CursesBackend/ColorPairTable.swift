/// The colour pairs handed to ncurses so far, keyed by (foreground, background) colour numbers.
///
/// ncurses draws colours only through numbered pairs, and a 256-colour or direct-colour
/// terminal has far more combinations than pairs worth registering up front, so pairs are
/// created on first use and cached. Numbers are `Int32` because direct-colour terminals number
/// colours 0xRRGGBB and have more than 32,767 pairs (ncurses' extended-colour API). Pair 0 is
/// the terminal's default colours; when the table is full, further combinations fall back to
/// it rather than fail.
struct ColorPairTable {
    struct Key: Hashable {
        var foreground: Int32
        var background: Int32
    }

    private var pairs: [Key: Int32] = [:]
    private var nextPair: Int32 = 1
    private let capacity: Int

    /// `capacity` is the number of pairs the terminal supports (COLOR_PAIRS), pair 0 included.
    init(capacity: Int) {
        self.capacity = min(max(capacity, 1), Int(Int32.max))
    }

    /// The pair for the colours, registering it through `register(pair, fg, bg)` on first use.
    /// Colour -1 is the terminal default (after `use_default_colors`).
    mutating func pair(
        foreground: Int32, background: Int32, register: (Int32, Int32, Int32) -> Bool
    ) -> Int32 {
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
