import KVBase
import Foundation
import Testing
import Engine
@testable import KVScenario

/// Broken scenario files never crash the loader, and every complaint is one line that names the
/// file (and, whenever the file has content, the line). The inputs are the real demos, damaged
/// one field at a time, truncated, and seeded noise, so a failure names a reproducible case.
@Suite("Scenario robustness")
struct ScenarioFuzzTests {
    /// The outcome of loading `text` and (when `run`) making it ready to run: nil, or the error
    /// line. Building a decoder-mode run seeds a model (~30 ms in debug), so sweeps sample it.
    static func outcome(_ text: String, file: String, run: Bool = true) -> String? {
        do {
            let scenario = try ScenarioLoader.load(text: text, file: file, name: "t")
            if run { _ = try ScenarioRun(scenario, file: file) }
            return nil
        } catch {
            return error.description
        }
    }

    /// Checks the shape of a complaint: `file:LINE: ...` on one line; only a file with nothing in
    /// it (or only comments) is refused without a line.
    static func checkShape(_ message: String?, file: String, case label: String) {
        guard let message else { return }
        #expect(!message.contains("\n"), "\(label): \(message)")
        let emptyFile = "\(file): is empty; a scenario needs at least a title and requests"
        let located = "^\(NSRegularExpression.escapedPattern(for: file)):[0-9]+: "
        #expect(message == emptyFile || message.range(of: located, options: .regularExpression) != nil,
                "\(label): \(message)")
    }

    /// Keys at the start of a line (`  key:`, `- key:`) or of a flow entry (`{key:`, `, key:`).
    static let keyPattern = try! NSRegularExpression(pattern: #"(^\s*(?:- )?|[{,] ?)([a-z_]+): "#)

    static func demoTexts() -> [(name: String, text: String)] {
        demoFiles().compactMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map { (url.lastPathComponent, $0) }
        }
    }

    @Test func renamingAnyKeyOfAnyDemoIsAnUnknownKeyOnItsLine() {
        var checked = 0
        for (name, text) in Self.demoTexts() {
            let lines = text.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                let range = NSRange(line.startIndex..., in: line)
                for match in Self.keyPattern.matches(in: line, range: range) {
                    guard let keyRange = Range(match.range(at: 2), in: line) else { continue }
                    // Skip words inside quoted narration text ("... far: {x}").
                    let before = line[..<keyRange.lowerBound]
                    guard before.filter({ $0 == "\"" }).count % 2 == 0 else { continue }
                    var damaged = lines
                    damaged[index] = line.replacingCharacters(in: keyRange, with: line[keyRange] + "_x")
                    let message = Self.outcome(damaged.joined(separator: "\n"), file: name) ?? "no error"
                    let label = "\(name):\(index + 1) key \(line[keyRange])"
                    #expect(message.hasPrefix("\(name):\(index + 1): "), "\(label): \(message)")
                    #expect(message.contains("\(line[keyRange])_x: unknown key; expected one of "), "\(label): \(message)")
                    checked += 1
                }
            }
        }
        #expect(checked > 300)
    }

    @Test func wrongValuesEverywhereGiveOneLineEach() {
        let replacements = ["-3", "[1, 2]", "{a: 1}", "''", "99999999999999999999", "\"{bogus}\"", "!!binary AA"]
        let valuePattern = try! NSRegularExpression(pattern: #"([a-z_]+): ([^,{}\[\]]+?)(?=,|\}|$)"#)
        var checked = 0
        for (name, text) in Self.demoTexts() {
            let lines = text.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() {
                let range = NSRange(line.startIndex..., in: line)
                for match in valuePattern.matches(in: line, range: range) {
                    guard let valueRange = Range(match.range(at: 2), in: line) else { continue }
                    for (variant, replacement) in replacements.enumerated() {
                        var damaged = lines
                        damaged[index] = line.replacingCharacters(in: valueRange, with: replacement)
                        let damagedText = damaged.joined(separator: "\n")
                        let run = (checked + variant) % 31 == 0
                        Self.checkShape(Self.outcome(damagedText, file: name, run: run), file: name,
                                        case: "\(name):\(index + 1) -> \(replacement)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 300)
    }

    @Test func everyTruncationOfEveryDemoLoadsOrSaysWhy() {
        for (name, text) in Self.demoTexts() {
            let scalars = Array(text.unicodeScalars)
            for cut in stride(from: 0, to: scalars.count, by: max(1, scalars.count / 40)) {
                let truncated = String(String.UnicodeScalarView(scalars[..<cut]))
                Self.checkShape(Self.outcome(truncated, file: name), file: name, case: "\(name) cut at \(cut)")
            }
        }
    }

    @Test func seededNoiseNeverCrashes() {
        var random = SplitMix64(seed: 0x5CE7_A210)
        let pieces = ["title:", " {en: x, zh: y}", "\n", "requests:", "  - ", "prompt: a", "max_tokens: 2", "[", "]", "{",
                      "}", ":", "-", "pool:", "blocks: -1", "block_size: 4", "narration:", "step: x", "on: finished",
                      "\t", "\"", "'", "&a ", "*a", "!!int ", "é今", "? ", "<<: ", "---\n", "...\n", "%YAML 1.1\n", "|\n",
                      "{kv_bytes}", "n: 300", "\u{0}", "\u{FEFF}"]
        for round in 0..<600 {
            let count = Int(random.next() % 18)
            let text = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            Self.checkShape(Self.outcome(text, file: "noise.yaml"), file: "noise.yaml", case: "round \(round)")
        }
        for round in 0..<40 {
            let bytes = (0..<Int(random.next() % 400)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            Self.checkShape(Self.outcome(text, file: "bytes.yaml"), file: "bytes.yaml", case: "bytes \(round)")
        }
    }

    @Test func aFileThatIsNotUTF8IsRefusedByName() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kvviz-latin1-\(getpid()).yaml")
        try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xE9, 0xFF, 0x0A]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: url.path) }
        do {
            _ = try ScenarioLoader.load(path: url.path)
        } catch {
            #expect(error.description == "\(url.path): is not UTF-8 text; save it as UTF-8")
        }
    }
}
