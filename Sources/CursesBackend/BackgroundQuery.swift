#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks the terminal for its background colour (OSC 11) before the screen is taken, for
/// `--theme auto`. The query is followed by a device-attributes request (DA1), which every
/// terminal answers, so one that ignores OSC 11 costs the round trip, not the whole timeout;
/// a terminal that answers neither costs `timeoutMs`. Echo and line buffering are off only
/// while it waits, and the terminal mode is restored whatever happens.
public enum BackgroundQuery {
    /// The terminal's reply (OSC 11 and the DA1 answer, as bytes), or nil when stdin/stdout is
    /// not a terminal or nothing came within `timeoutMs`.
    public static func reply(timeoutMs: Int = 150) -> [UInt8]? {
        guard isatty(0) == 1, isatty(1) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &quiet.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(0, TCSANOW, &quiet) == 0 else { return nil }
        defer { tcsetattr(0, TCSANOW, &saved) }
        let query: [UInt8] = Array("\u{1B}]11;?\u{1B}\\\u{1B}[c".utf8)
        guard query.withUnsafeBytes({ write(1, $0.baseAddress, $0.count) }) == query.count else { return nil }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        var left = timeoutMs
        while left > 0, reply.count < 4096 {
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let started = monotonicMilliseconds()
            let ready = poll(&descriptor, 1, Int32(left))
            left -= max(1, monotonicMilliseconds() - started)
            guard ready > 0 else { if ready < 0 && errno == EINTR { continue } else { break } }
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            reply += buffer[0 ..< count]
            if answeredDeviceAttributes(reply) { break }
        }
        return reply.isEmpty ? nil : reply
    }

    /// Whether `reply` holds the DA1 answer (ESC [ ? ... c), which comes after any OSC 11 reply.
    static func answeredDeviceAttributes(_ reply: [UInt8]) -> Bool {
        guard let start = reply.indices.first(where: { index in
            index + 2 < reply.count && reply[index] == 0x1B && reply[index + 1] == UInt8(ascii: "[") && reply[index + 2] == UInt8(ascii: "?")
        }) else { return false }
        return reply[(start + 3)...].contains(UInt8(ascii: "c"))
    }

    private static func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec) * 1000 + Int(now.tv_nsec) / 1_000_000
    }
}
