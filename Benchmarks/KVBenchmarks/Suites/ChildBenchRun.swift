import Foundation

/// One kvviz command run as a child process of the benchmark (this executable), timed from
/// outside, its JSON output parsed: so each run's peak RSS (VmHWM, which the child prints) is
/// its own and not the benchmark's.
enum ChildBenchRun {
    struct Outcome {
        let seconds: Double
        /// User + system CPU time of the child: the wall time on an idle core.
        let cpuSeconds: Double
        /// The child's JSON object (empty if it printed none).
        let object: [String: Any]
    }

    /// Runs `executable arguments`; `what` names the run in the error if it fails.
    static func measure(_ executable: URL, _ arguments: [String], what: String) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let cpuBefore = childrenCPUSeconds()
        let start = Date()
        try process.run()
        // Standard error is drained on its own thread, so a child that fills it cannot block
        // while this one waits for its output.
        let drained = DispatchGroup()
        let message = ErrorBytes()
        DispatchQueue.global().async(group: drained) {
            message.bytes = errors.fileHandleForReading.readDataToEndOfFile()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        let cpu = childrenCPUSeconds() - cpuBefore
        guard process.terminationStatus == 0 else {
            let line = String(decoding: message.bytes, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            throw BenchError("\(what) exited with status \(process.terminationStatus)" + (line.isEmpty ? "" : " (\(line))"))
        }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Outcome(seconds: seconds, cpuSeconds: cpu, object: object)
    }

    /// What the child wrote to standard error, filled by the draining thread before `wait()`.
    private final class ErrorBytes: @unchecked Sendable {
        var bytes = Data()
    }

    /// User plus system CPU time of the waited-for children so far.
    private static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        let who = __rusage_who_t(RUSAGE_CHILDREN.rawValue)
        #else
        let who = RUSAGE_CHILDREN
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
