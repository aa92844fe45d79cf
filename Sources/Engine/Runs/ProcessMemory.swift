import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's resident memory as Linux reports it in `/proc/self/status`: `VmHWM` (the peak
/// resident set since start) and `VmRSS` (now). Where there is no `/proc` (macOS), the peak comes
/// from `getrusage` (`ru_maxrss`, in bytes on macOS, KiB on Linux) and the current figure is nil,
/// so reports say "unknown" instead of a made-up figure.
public enum ProcessMemory {
    /// Peak resident bytes since the process started.
    public static func peakResidentBytes() -> Int? { field("VmHWM") ?? resourceUsagePeak() }

    /// `getrusage(RUSAGE_SELF).ru_maxrss` in bytes.
    static func resourceUsagePeak() -> Int? {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0, usage.ru_maxrss > 0 else { return nil }
        return Int(usage.ru_maxrss) * 1024
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0, usage.ru_maxrss > 0 else { return nil }
        return Int(usage.ru_maxrss)
        #endif
    }

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
