import Foundation
import KVBenchmarks
import KVCore

/// `kvviz bench --trace FILE [--json]`: replays a kvtrace, prints the totals with ok/MISMATCH
/// per expected field and the replay speed; exits 1 naming the fields that mismatch.
enum TraceBenchCLI {
    static func run(path: String, json: Bool) throws {
        let report: TraceReplayReport
        do {
            report = try TraceReplayBenchmark.run(path: path)
        } catch let error as TraceError {
            throw CLIError(error.description)
        }
        print(json ? jsonText(report) : table(report))
        let mismatches = report.mismatches
        if !mismatches.isEmpty {
            throw CLIError("bench --trace: \(path): replay totals differ from the trace's end line in " +
                mismatches.map(\.name).joined(separator: ", "))
        }
    }

    static func table(_ report: TraceReplayReport) -> String {
        var lines = ["trace                 \(report.trace) (block size \(report.blockSize), \(report.numBlocks) blocks)"]
        let checks = Dictionary(uniqueKeysWithValues: report.checks.map { ($0.name, $0) })
        for field in report.totals.fields {
            let name = field.name.padding(toLength: 22, withPad: " ", startingAt: 0)
            let value = String(field.value).padding(toLength: 10, withPad: " ", startingAt: 0)
            var verdict = ""
            if let check = checks[field.name] {
                verdict = check.isOK ? "ok" : "MISMATCH expected \(check.expected) got \(check.got)"
            }
            lines.append("\(name)\(value)\(verdict)".trimmingCharacters(in: .whitespaces))
        }
        let millis = String(format: "%.3f", report.bestSeconds * 1000)
        lines.append("ops_per_second        \(Int(report.opsPerSecond.rounded()))  (best of \(report.runs) runs: \(millis) ms, parsing not timed)")
        if report.isDebugBuild {
            lines.append("build                 debug: invariants checked after every op, so the speed means nothing (use swift build -c release)")
        }
        if !report.hasExpectations {
            lines.append("expected totals       none: the trace has no end line, nothing compared")
        }
        if let first = report.result.firstHitMismatch {
            lines.append("alloc hits            \(report.result.hitMismatches) allocs differ; first at line \(first.line): expected \(first.expected) got \(first.got)")
        } else if report.result.recordedHits > 0 {
            lines.append("alloc hits            all \(report.result.recordedHits) recorded per-alloc hit counts match")
        }
        return lines.joined(separator: "\n")
    }

    static func jsonText(_ report: TraceReplayReport) -> String {
        var fields = ["\"trace\":\(quoted(report.trace))", "\"block_size\":\(report.blockSize)", "\"num_blocks\":\(report.numBlocks)"]
        fields += report.totals.fields.map { "\"\($0.name)\":\($0.value)" }
        fields.append("\"ops_per_second\":\(Int(report.opsPerSecond.rounded()))")
        fields.append("\"runs\":\(report.runs)")
        fields.append("\"debug_build\":\(report.isDebugBuild)")
        fields.append("\"checked\":\(report.hasExpectations)")
        fields.append("\"alloc_hit_mismatches\":\(report.result.hitMismatches)")
        let mismatches = report.mismatches.map {
            "{\"field\":\(quoted($0.name)),\"expected\":\($0.expected),\"got\":\($0.got)}"
        }
        fields.append("\"mismatches\":[\(mismatches.joined(separator: ","))]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
