import Foundation
import Testing
@testable import KVCore

/// A seeded in-process fuzzer for the Hugging Face config.json reader (`memory --config`,
/// `simulate --config`, a scenario's `config:`): the real fixtures, damaged by random mutations
/// (bytes flipped, inserted or deleted, numbers replaced by extreme values, JSON punctuation and
/// control bytes sprinkled in). Every case must read, or fail with one line naming the file;
/// nothing may trap. A fixed seed and count, so CI runs the same cases every time.
@Suite struct ModelConfigFuzzTests {
    static let iterations = 2_000

    static let extremes = ["-1", "0", "9223372036854775807", "-9223372036854775808", "1e308", "-0", "4294967296",
                           "3.5", "null", "true", "\"x\"", "[]", "{}", "65536", "1000000000"]
    static let splinters = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\u{1B}]0;x\u{07}", "\u{0}", "\u{FF}",
                            "é今", "\u{202E}", "\"model_type\":\"llama\"", "\"num_key_value_heads\":", "\r", "\u{2028}"]

    static func fixtures() throws -> [[UInt8]] {
        let names = try FileManager.default.contentsOfDirectory(at: ModelConfigFileTests.directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        return try names.map { Array(try Data(contentsOf: $0)) }
    }

    @Test func damagedConfigsReadOrFailOnOneLine() throws {
        let seeds = try Self.fixtures()
        #expect(seeds.count >= 5)
        var random = SeededGenerator(seed: 0xC0_F16)
        var read = 0
        for iteration in 0 ..< Self.iterations {
            var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0 ..< 1 + Int(random.next() % 3) { Self.mutate(&bytes, &random) }
            do {
                let preset = try ModelPreset(huggingFaceConfig: Data(bytes), file: "fuzz.json")
                #expect(preset.numLayers > 0 && preset.numKVHeads > 0, "iteration \(iteration)")
                read += 1
            } catch {
                let text = error.description
                #expect(!text.contains("\n") && text.hasPrefix("fuzz.json"), "iteration \(iteration): \(text)")
                #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "iteration \(iteration): raw control byte")
            }
        }
        #expect(read > Self.iterations / 20, "only \(read) of \(Self.iterations) damaged configs read")
        #expect(read < Self.iterations * 9 / 10, "\(read) of \(Self.iterations) read: the mutations do too little")
    }

    static func mutate(_ bytes: inout [UInt8], _ random: inout SeededGenerator) {
        let at = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
        switch random.next() % 5 {
        case 0 where !bytes.isEmpty:
            bytes[at] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
        case 1 where !bytes.isEmpty:
            bytes.removeSubrange(at ..< min(bytes.count, at + 1 + Int(random.next() % 8)))
        case 2:
            // A number replaced by an extreme value.
            if let start = bytes[at...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                let end = bytes[start...].firstIndex { !(0x30...0x39).contains($0) && $0 != UInt8(ascii: ".") } ?? bytes.count
                bytes.replaceSubrange(start ..< end, with: Array(extremes[Int(random.next() % UInt64(extremes.count))].utf8))
            }
        default:
            bytes.insert(contentsOf: Array(splinters[Int(random.next() % UInt64(splinters.count))].utf8), at: at)
        }
    }
}
