/// How many colours a terminal can show, which decides the palette a theme hands out.
///
/// The ANSI 8 and 16 take whatever values the user's terminal gives them, so themes pick them
/// by hue; 256-colour terminals have the fixed xterm cube and grey ramp; direct-colour
/// terminals (terminfo `RGB`, `colors#0x1000000`, e.g. `xterm-direct`) take 24-bit values.
public enum ColorDepth: Int, Hashable, Sendable, CaseIterable, Comparable {
    case ansi8 = 8
    case ansi16 = 16
    case palette256 = 256
    case direct = 16_777_216

    /// The depth for a terminal reporting `colors` (ncurses' COLORS); nil below 8 (no colour).
    public init?(terminalColors colors: Int) {
        switch colors {
        case ..<8: return nil
        case 8..<16: self = .ansi8
        case 16..<256: self = .ansi16
        case 256..<(1 << 24): self = .palette256
        default: self = .direct
        }
    }

    /// The palette size `Color.approximated(paletteSize:)` expects.
    public var paletteSize: Int { rawValue }

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }
}
