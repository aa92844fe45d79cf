import KVBase
import Foundation
import Testing
import Engine
@testable import KVScenario

/// A seeded in-process fuzzer for the scenario loader: the real walkthroughs, damaged by random
/// mutations (bytes flipped, inserted or deleted, lines duplicated, swapped or cut, numbers
/// replaced by extreme values, YAML punctuation, anchors, aliases and control bytes sprinkled
/// in). Every case must load, or fail with one located line naming the file; nothing may trap
/// or hang. A fixed number of iterations from a fixed seed, so CI runs the same cases each
/// time; a failure names its iteration. Every tenth case that loads is also made ready to run.
@Suite("Scenario loading: seeded fuzzing")
struct ScenarioMutationFuzzTests {
    static let iterations = 1_500

    static let extremes = ["-1", "0", "9223372036854775807", "-9223372036854775808", "99999999999999999999",
                           "1e308", ".nan", ".inf", "4294967296", "65536", "1024", "1.5", "null", "~", "\"\"", "[]", "{}"]
    static let splinters = ["[", "]", "{", "}", ",", ": ", "- ", "? ", "&a ", "*a", "<<: *a", "!!binary ", "|\n", ">-\n",
                            "\"", "'", "#", "\t", "\u{1B}]0;x\u{07}", "\u{0}", "\u{FEFF}", "é今", "{kv_bytes}", "{cache_saving}",
                            "\n---\n", "%YAML 1.1\n", "\u{202E}", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"]

    @Test func damagedWalkthroughsLoadOrFailOnOneLine() {
        let demos = ScenarioFuzzTests.demoTexts()
        #expect(demos.count >= 10)
        guard !demos.isEmpty else { return }
        var random = SplitMix64(seed: 0xF022_5CE7)
        var loaded = 0
        for iteration in 0 ..< Self.iterations {
            let demo = demos[Int(random.next() % UInt64(demos.count))]
            var lines = demo.text.components(separatedBy: "\n").map { Array($0.utf8) }
            for _ in 0 ..< 1 + Int(random.next() % 3) { Self.mutate(&lines, &random) }
            let text = String(decoding: Array(lines.joined(separator: [UInt8(ascii: "\n")])), as: UTF8.self)
            let file = "fuzz-\(iteration).yaml"
            let outcome = ScenarioFuzzTests.outcome(text, file: file, run: iteration % 10 == 0)
            if outcome == nil { loaded += 1 }
            ScenarioFuzzTests.checkShape(outcome, file: file, case: "iteration \(iteration) (\(demo.name))")
        }
        #expect(loaded > Self.iterations / 20, "only \(loaded) of \(Self.iterations) damaged walkthroughs loaded")
        #expect(loaded < Self.iterations * 9 / 10, "\(loaded) of \(Self.iterations) loaded: the mutations do too little")
    }

    static func mutate(_ lines: inout [[UInt8]], _ random: inout SplitMix64) {
        let row = Int(random.next() % UInt64(lines.count))
        var line = lines[row]
        switch random.next() % 8 {
        case 0 where !line.isEmpty:
            line[Int(random.next() % UInt64(line.count))] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 7))
        case 1:
            let at = line.isEmpty ? 0 : Int(random.next() % UInt64(line.count + 1))
            line.insert(contentsOf: Array(splinters[Int(random.next() % UInt64(splinters.count))].utf8), at: at)
        case 2 where !line.isEmpty:
            let start = Int(random.next() % UInt64(line.count))
            line.removeSubrange(start ..< min(line.count, start + 1 + Int(random.next() % 6)))
        case 3, 4:
            var runs: [Range<Int>] = []
            var index = 0
            while index < line.count {
                guard (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(line[index]) else { index += 1; continue }
                var end = index + 1
                while end < line.count, (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(line[end]) { end += 1 }
                runs.append(index ..< end)
                index = end
            }
            if !runs.isEmpty {
                line.replaceSubrange(runs[Int(random.next() % UInt64(runs.count))],
                                     with: Array(extremes[Int(random.next() % UInt64(extremes.count))].utf8))
            }
        case 5:
            lines.insert(line, at: Int(random.next() % UInt64(lines.count + 1)))
            return
        case 6 where lines.count > 1:
            lines.swapAt(row, Int(random.next() % UInt64(lines.count)))
            return
        default:
            lines.remove(at: row)
            if lines.isEmpty { lines = [[]] }
            return
        }
        lines[row] = line
    }
}
