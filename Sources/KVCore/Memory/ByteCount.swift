/// Pure formatting of byte counts (and other large counts) for reports and the memory bar.
///
/// Values stay exact integers until display. Binary units (KiB = 2^10, MiB = 2^20, GiB = 2^30)
/// are the default because GPU memory and KV blocks come in powers of two; decimal units
/// (KB = 10^3, MB, GB) exist because the literature often quotes them (the seed chapter writes
/// 1.34 GB for 1,342,177,280 bytes, which is 1.25 GiB). Values are rounded half up to at most
/// `fractionDigits` digits with trailing zeros dropped: `binary(1_342_177_280) == "1.25 GiB"`,
/// `binary(268_435_456) == "256 MiB"`.
public enum ByteCount {
    /// `1.25 GiB`, `256 MiB`, `512 KiB`, `100 B`.
    public static func binary(_ bytes: Int, fractionDigits: Int = 2) -> String {
        scaled(bytes, base: 1024, units: ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"],
               fractionDigits: fractionDigits)
    }

    /// `1.34 GB`, `268.44 MB`, `524.29 KB`, `100 B`.
    public static func decimal(_ bytes: Int, fractionDigits: Int = 2) -> String {
        scaled(bytes, base: 1000, units: ["B", "KB", "MB", "GB", "TB", "PB", "EB"],
               fractionDigits: fractionDigits)
    }

    /// A count with a decimal suffix: `6.74B` for 6,738,415,616 parameters, `950` for 950.
    public static func count(_ value: Int, fractionDigits: Int = 2) -> String {
        scaled(value, base: 1000, units: ["", "K", "M", "B", "T", "Q", "Qi"],
               fractionDigits: fractionDigits).removingSpaces()
    }

    /// The exact value with thousands separators: `524,288`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// Picks the largest unit not above the value, rounds, and steps up a unit when rounding
    /// reaches the next one (1023.999 KiB shows as 1 MiB, not 1024 KiB).
    private static func scaled(_ value: Int, base: UInt64, units: [String], fractionDigits: Int) -> String {
        let magnitude = UInt64(value.magnitude)
        let digits = max(0, min(fractionDigits, 6))
        var unitIndex = 0
        var unit: UInt64 = 1
        while unitIndex + 1 < units.count, magnitude / unit >= base {
            unit *= base
            unitIndex += 1
        }
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        var rounded = roundedQuotient(magnitude, times: scale, over: unit)
        if unitIndex + 1 < units.count, rounded >= base * scale {
            unit *= base
            unitIndex += 1
            rounded = roundedQuotient(magnitude, times: scale, over: unit)
        }
        let whole = rounded / scale
        var fraction = digits == 0 ? "" : String(rounded % scale)
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let number = fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
        return (value < 0 ? "-" : "") + number + " " + units[unitIndex]
    }

    /// round(value * scale / unit), half up, exact for any 64-bit value (128-bit intermediate).
    private static func roundedQuotient(_ value: UInt64, times scale: UInt64, over unit: UInt64) -> UInt64 {
        let whole = value / unit
        var (high, low) = (value % unit).multipliedFullWidth(by: scale)
        let (sum, carry) = low.addingReportingOverflow(unit / 2)
        low = sum
        if carry { high += 1 }
        let fraction = unit.dividingFullWidth((high, low)).quotient
        return whole * scale + fraction
    }
}

private extension String {
    func removingSpaces() -> String { filter { $0 != " " } }
}
