import Foundation

/// The process's resident memory as Linux reports it in `/proc/self/status`: `VmHWM` (the peak
/// resident set since start) and `VmRSS` (now). nil where the file or field is missing (not
/// Linux), so reports say "unknown" instead of a made-up figure.
public enum ProcessMemory {
    /// Peak resident bytes since the process started.
    public static func peakResidentBytes() -> Int? { field("VmHWM") }

    /// Resident bytes now.
    public static func residentBytes() -> Int? { field("VmRSS") }

    /// Reads `name:   12345 kB` from the status file, in bytes.
    static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return parse(status, field: name)
    }

    /// The value of `field` in a `/proc/<pid>/status` text, in bytes.
    public static func parse(_ status: String, field: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let kilobytes = Int(parts[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
