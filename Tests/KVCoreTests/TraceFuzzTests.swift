import Foundation
import Testing
@testable import KVCore

/// A seeded in-process fuzzer for the trace reader: the first lines of the real `small.kvtrace`
/// fixture, damaged by random mutations (bytes flipped, inserted, deleted; lines duplicated,
/// swapped, cut; numbers replaced by extreme values; JSON punctuation and control bytes
/// sprinkled in). Each case must either parse and replay, or fail with one `TraceError` line
/// naming the file; nothing may trap. A fixed number of iterations, so CI runs the same cases
/// every time (`TraceFuzzTests.iterations`); a failure names its iteration for replaying.
@Suite("Trace reading: seeded fuzzing")
struct TraceFuzzTests {
    static let iterations = 3_000

    static func seedLines() throws -> [[UInt8]] {
        let bytes = try InputFileBytes.read(TraceFixtures.path("small.kvtrace"))
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        // The header, 120 ops, and the end line (whose totals will no longer match: fine).
        return Array(lines.prefix(121)) + [lines.last(where: { !$0.isEmpty })!]
    }

    static let extremes = ["-1", "0", "9223372036854775807", "-9223372036854775808", "99999999999999999999999",
                           "1e308", "-0", "2147483648", "1000000", "999999", "3.5", "null", "true", "\"x\"", "[]", "{}"]
    static let splinters = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\u{1B}]0;x\u{07}", "\u{0}",
                            "\u{FF}", "é", "\"op\":\"free\"", "\"seq\":", "\"tokens\":[1,2,3]", "\n", "\r\n"]

    @Test func damagedTracesParseOrFailOnOneLine() throws {
        let seed = try Self.seedLines()
        var random = SeededGenerator(seed: 0x7_2ACE)
        var parsed = 0
        var refused = 0
        for iteration in 0 ..< Self.iterations {
            var lines = seed
            for _ in 0 ..< 1 + Int(random.next() % 4) { Self.mutate(&lines, &random) }
            let bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            do {
                let trace = try KVTrace(parsing: bytes, path: "fuzz.kvtrace")
                var manager = trace.makeManager()
                manager.checksInvariantsInDebugBuilds = trace.numBlocks <= 256
                _ = try trace.replay(on: &manager)
                try manager.checkInvariants()
                parsed += 1
            } catch let error as TraceError {
                refused += 1
                let text = error.description
                #expect(!text.contains("\n") && text.hasPrefix("fuzz.kvtrace"), "iteration \(iteration): \(text)")
            }
        }
        // Both outcomes happen, so the mutations neither always break nor never break the file.
        #expect(parsed > Self.iterations / 20, "only \(parsed) of \(Self.iterations) cases parsed")
        #expect(refused > Self.iterations / 4, "only \(refused) of \(Self.iterations) cases were refused")
    }

    static func mutate(_ lines: inout [[UInt8]], _ random: inout SeededGenerator) {
        let row = Int(random.next() % UInt64(lines.count))
        var line = lines[row]
        switch random.next() % 8 {
        case 0 where !line.isEmpty:  // flip a byte
            line[Int(random.next() % UInt64(line.count))] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
        case 1:  // insert a splinter
            let at = line.isEmpty ? 0 : Int(random.next() % UInt64(line.count + 1))
            line.insert(contentsOf: Array(splinters[Int(random.next() % UInt64(splinters.count))].utf8), at: at)
        case 2 where !line.isEmpty:  // delete a run
            let start = Int(random.next() % UInt64(line.count))
            line.removeSubrange(start ..< min(line.count, start + 1 + Int(random.next() % 8)))
        case 3:  // replace a number with an extreme value
            if let range = numberRange(in: line, pick: random.next()) {
                line.replaceSubrange(range, with: Array(extremes[Int(random.next() % UInt64(extremes.count))].utf8))
            }
        case 4:  // duplicate a line elsewhere
            lines.insert(line, at: Int(random.next() % UInt64(lines.count + 1)))
            return
        case 5 where lines.count > 1:  // swap two lines
            lines.swapAt(row, Int(random.next() % UInt64(lines.count)))
            return
        case 6:  // drop a line
            lines.remove(at: row)
            if lines.isEmpty { lines = [[]] }
            return
        default:  // cut the line short
            line = Array(line.prefix(Int(random.next() % UInt64(line.count + 1))))
        }
        lines[row] = line
    }

    /// The byte range of one run of digits (with its minus sign) in `line`, chosen by `pick`.
    static func numberRange(in line: [UInt8], pick: UInt64) -> Range<Int>? {
        var runs: [Range<Int>] = []
        var index = 0
        while index < line.count {
            let isStart = line[index] == UInt8(ascii: "-") || (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(line[index])
            guard isStart else { index += 1; continue }
            var end = index + 1
            while end < line.count, (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(line[end]) { end += 1 }
            runs.append(index ..< end)
            index = end
        }
        return runs.isEmpty ? nil : runs[Int(pick % UInt64(runs.count))]
    }
}

/// Reads a fixture's bytes (the tests' own reader: a missing fixture throws, it never skips).
enum InputFileBytes {
    static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
