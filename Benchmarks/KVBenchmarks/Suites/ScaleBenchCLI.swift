import KVBase
import Foundation

/// `kvviz bench --scale`: `simulate` and `compare` at 1,000, 10,000 and 100,000 requests, each
/// in its own child process (this executable), timed from outside and with the child's own
/// peak RSS (VmHWM, which it prints in its JSON), so each size's memory is its own. The goals
/// (issue 11): time linear in the requests, memory bounded by the requests in flight; 100,000
/// requests in under 30 s each with a peak RSS under 512 MiB.
public enum ScaleBenchCLI {
    struct Row {
        let command: String
        let requests: Int
        let seconds: Double
        /// CPU time the child spent (user + system): what the wall time would be on an idle core.
        let cpuSeconds: Double
        let peakRSS: Int?
        let completed: Int?
    }

    public static let sizes = [1_000, 10_000, 100_000]
    static let secondsGoal = 30.0
    static let rssGoal = 512 << 20

    public static func run(json: Bool, sizes: [Int] = sizes, output: BenchOutput) throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var rows: [Row] = []
        for command in ["simulate", "compare"] {
            for requests in sizes {
                rows.append(try measure(executable, command, requests))
                if !json {
                    output.out(line(rows[rows.count - 1]))
                }
            }
        }
        if json {
            let entries = rows.map { row -> JSON in
                var entry = JSONObject()
                entry.add("command", row.command)
                entry.add("requests", row.requests)
                entry.add("wall_seconds", row.seconds, digits: 3)
                entry.add("cpu_seconds", row.cpuSeconds, digits: 3)
                entry.add("peak_rss_bytes", row.peakRSS)
                entry.add("completed_requests", row.completed)
                return .object(entry)
            }
            output.out(JSONObject(["scale": .array(entries)]).rendered, terminator: "")
        } else {
            BenchText.noteDebugBuild(output)
        }
    }

    private static func line(_ row: Row) -> String {
        let rss = BenchText.mebibytes(row.peakRSS)
        let fitsMemory = (row.peakRSS ?? Int.max) < rssGoal
        var verdict = ""
        if row.requests >= 100_000 {
            if row.seconds < secondsGoal && fitsMemory {
                verdict = "  (goal met)"
            } else if row.cpuSeconds < secondsGoal && fitsMemory {
                verdict = "  (goal met in CPU time; the wall time waited for a busy machine)"
            } else {
                verdict = "  (goal: < 30 s, < 512 MiB)"
            }
        }
        let command = row.command.padding(toLength: 9, withPad: " ", startingAt: 0)
        let count = String(row.requests).leftPadded(7)
        return "\(command) \(count) requests: \(String(format: "%8.2f", row.seconds)) s wall, "
            + "\(String(format: "%7.2f", row.cpuSeconds)) s CPU, peak RSS \(rss)\(verdict)"
    }

    private static func measure(_ executable: URL, _ command: String, _ requests: Int) throws -> Row {
        let child = try ChildBenchRun.measure(executable, [command, "--requests", String(requests), "--json"],
                                              what: "bench --scale: \(command) --requests \(requests)")
        var completed = child.object["completed_requests"] as? Int
        if completed == nil, let strategies = child.object["strategies"] as? [[String: Any]] {
            completed = strategies.compactMap { $0["completed_requests"] as? Int }.min()
        }
        return Row(command: command, requests: requests, seconds: child.seconds, cpuSeconds: child.cpuSeconds,
                   peakRSS: child.object["peak_rss_bytes"] as? Int, completed: completed)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
