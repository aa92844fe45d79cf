import Foundation
import KVBase

/// `kvviz bench --workload FILE`: `simulate` replaying each request trace, beside the same
/// server on a synthetic chat workload, each in a child process (`ChildBenchRun`): requests a
/// second (by wall and by CPU time), peak RSS, and what the run saw (hit rate, preemptions).
/// All runs serve on Qwen2.5-7B / H100-80GB, whose pool (about a million token slots) holds the
/// longest Mooncake request. The goal (issue 21): the 12,031-request Mooncake trace in under
/// 5 s, with memory that does not grow with the file.
public enum WorkloadBenchCLI {
    struct Row {
        let label: String
        let requests: Int
        let seconds: Double
        let cpuSeconds: Double
        let peakRSS: Int?
        let steps: Int
        let hitRate: Double
        let preemptions: Int
        let completed: Int

        var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
        var requestsPerCPUSecond: Double { cpuSeconds > 0 ? Double(requests) / cpuSeconds : 0 }
    }

    static let server = ["--model", "qwen2.5-7b", "--gpu", "h100-80gb"]
    static let syntheticRequests = 10_000
    static let secondsGoal = 5.0

    public static func run(files: [String], json: Bool, output: BenchOutput) throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var runs: [(String, [String])] = [("synthetic chat", ["--requests", String(syntheticRequests)])]
        for file in files {
            let name = file.split(separator: "/").last.map(String.init) ?? file
            runs.append((name, ["--workload-file", file]))
        }
        var rows: [Row] = []
        for (label, arguments) in runs {
            let child = try ChildBenchRun.measure(executable, ["simulate"] + server + arguments + ["--json"],
                                                  what: "bench --workload: simulate \(arguments.joined(separator: " "))")
            let object = child.object
            rows.append(Row(label: label, requests: object["requests"] as? Int ?? 0, seconds: child.seconds,
                            cpuSeconds: child.cpuSeconds, peakRSS: object["peak_rss_bytes"] as? Int,
                            steps: object["steps"] as? Int ?? 0, hitRate: object["prefix_hit_rate"] as? Double ?? 0,
                            preemptions: object["preemptions"] as? Int ?? 0,
                            completed: object["completed_requests"] as? Int ?? 0))
            if !json { output.out(line(rows[rows.count - 1])) }
        }
        if json {
            let entries = rows.map { row -> JSON in
                var entry = JSONObject()
                entry.add("workload", row.label)
                entry.add("requests", row.requests)
                entry.add("completed_requests", row.completed)
                entry.add("steps", row.steps)
                entry.add("wall_seconds", row.seconds, digits: 3)
                entry.add("cpu_seconds", row.cpuSeconds, digits: 3)
                entry.add("requests_per_second", row.requestsPerSecond, digits: 1)
                entry.add("requests_per_cpu_second", row.requestsPerCPUSecond, digits: 1)
                entry.add("peak_rss_bytes", row.peakRSS)
                entry.add("prefix_hit_rate", row.hitRate, digits: 4)
                entry.add("preemptions", row.preemptions)
                return .object(entry)
            }
            output.out(JSONObject(["workload": .array(entries)]).rendered, terminator: "")
        } else {
            BenchText.noteDebugBuild(output)
        }
    }

    private static func line(_ row: Row) -> String {
        let rss = BenchText.mebibytes(row.peakRSS)
        var verdict = ""
        if row.label.hasPrefix("mooncake") || row.requests > 12_000 {
            verdict = row.cpuSeconds < secondsGoal ? "  (under 5 s of CPU)" : "  (goal: under 5 s)"
        }
        let label = row.label.count >= 32 ? row.label : row.label + String(repeating: " ", count: 32 - row.label.count)
        return "\(label) \(String(format: "%6d", row.requests)) requests: \(String(format: "%7.2f", row.seconds)) s wall, "
            + "\(String(format: "%6.2f", row.cpuSeconds)) s CPU, \(String(format: "%8.0f", row.requestsPerCPUSecond)) req/CPU-s, "
            + "peak RSS \(rss), hit \(String(format: "%.1f", row.hitRate * 100))%, \(row.preemptions) preemptions, "
            + "\(row.completed)/\(row.requests) done\(verdict)"
    }
}
