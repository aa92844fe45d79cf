import Foundation

/// A figure as a screen prints it ("1,536", "1.6 GiB", "80.8%", "4.5×"): its number, the
/// unit after it and how many decimals it shows, so two prints of one quantity at different
/// precision ("12.55 GiB" in the narration, "12.6 GiB" on the memory bar) count as the same and
/// two different values never do.
struct ShownFigure: Equatable {
    let value: Double
    let unit: String
    let decimals: Int

    static let byteUnits: [String: Double] = [
        "B": 1, "KiB": 1024, "MiB": 1_048_576, "GiB": 1_073_741_824, "TiB": 1_099_511_627_776,
        "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
    ]

    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = ""
        var rest = Substring(trimmed)
        while let first = rest.first, first.isASCII, first.isNumber || first == "." || first == "," {
            if first != "," { digits.append(first) }
            rest = rest.dropFirst()
        }
        guard let value = Double(digits) else { return nil }
        self.value = value
        unit = rest.trimmingCharacters(in: .whitespaces)
        decimals = digits.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
    }

    /// The value in the unit's base (bytes for byte units), and half the step of its last digit.
    private var scaled: (value: Double, halfStep: Double) {
        let scale = Self.byteUnits[unit] ?? 1
        return (value * scale, 0.5 * pow(10, Double(-decimals)) * scale)
    }

    /// True when both prints can stand for one value: the same kind of unit, and each within
    /// the rounding of the other.
    func agrees(with other: ShownFigure) -> Bool {
        let bytes = (Self.byteUnits[unit] != nil, Self.byteUnits[other.unit] != nil)
        guard bytes.0 && bytes.1 || unit == other.unit else { return false }
        let a = scaled, b = other.scaled
        // Rounding half up or half to even: allow the coarser print's half step, plus a hair.
        return abs(a.value - b.value) <= max(a.halfStep, b.halfStep) * 1.0001
    }
}
