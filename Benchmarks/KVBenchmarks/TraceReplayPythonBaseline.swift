import Foundation

/// What the pure-Python baseline (`Benchmarks/python/kvtrace_replay.py`) measured in one run.
public struct PythonBaselineResult: Equatable, Sendable {
    /// The script that ran.
    public let script: String
    /// Ops of its fastest replay per second (parsing not timed, like the Swift figure).
    public let opsPerSecond: Double
    public let bestSeconds: Double
    public let runs: Int
    /// Interpreter and version, e.g. `cpython 3.11.7`.
    public let interpreter: String
}

/// The baseline either ran, or was skipped for a reason the report prints (no python3, no
/// script, turned off, or the script failed). Skipping never fails the benchmark: the Swift
/// replay's own checks decide that.
public enum PythonBaselineOutcome: Equatable, Sendable {
    case measured(PythonBaselineResult)
    case skipped(reason: String)

    public var result: PythonBaselineResult? {
        if case .measured(let result) = self { return result }
        return nil
    }
}

/// Runs the Python block manager on the same trace so that `kvviz bench --trace` reports a
/// speedup measured on this machine, now, instead of quoting a figure from elsewhere.
public enum PythonBaseline {
    /// Where the script lives in the repository.
    public static let scriptRelativePath = "Benchmarks/python/kvtrace_replay.py"

    /// The first executable `python3` on `PATH`, if any.
    public static func findPython3(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        let fileManager = FileManager.default
        for directory in (path ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/python3"
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Finds the script as the demos are found: under the working directory, else beside or
    /// above the executable (so both `swift run` / `.build/release/kvviz` from the repository
    /// and a binary copied next to a checkout work).
    public static func locateScript(
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String = CommandLine.arguments.first ?? ""
    ) -> String? {
        var candidates = [URL(fileURLWithPath: currentDirectory)]
        if !executablePath.isEmpty {
            var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0 ..< 6 {
                candidates.append(directory)
                directory.deleteLastPathComponent()
            }
        }
        for directory in candidates {
            let script = directory.appendingPathComponent(scriptRelativePath).path
            if FileManager.default.isReadableFile(atPath: script) { return script }
        }
        return nil
    }

    /// Runs `python script trace --json` and reads its figures. The script asserts the trace's
    /// totals itself; a failure (non-zero exit, unreadable output) becomes a skip naming the
    /// script's last line of stderr.
    public static func run(python: String, script: String, trace: String, minimumSeconds: Double = 1.0) -> PythonBaselineOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, trace, "--json", "--min-seconds", String(minimumSeconds)]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .skipped(reason: "cannot start \(python): \(error.localizedDescription)")
        }
        // The script prints one short line and at most a traceback: neither fills a pipe.
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lastLine = String(decoding: stderr, as: UTF8.self)
                .split(separator: "\n").last.map(String.init) ?? "no message"
            return .skipped(reason: "\(script) failed (exit \(process.terminationStatus)): \(lastLine)")
        }
        guard let result = parse(stdout, script: script) else {
            return .skipped(reason: "\(script) printed no readable JSON figures")
        }
        return .measured(result)
    }

    /// Reads the script's `--json` line.
    static func parse(_ data: Data, script: String) -> PythonBaselineResult? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let opsPerSecond = (object["ops_per_second"] as? NSNumber)?.doubleValue, opsPerSecond > 0
        else { return nil }
        let implementation = object["implementation"] as? String ?? "python"
        let version = object["python"] as? String ?? "?"
        return PythonBaselineResult(
            script: script,
            opsPerSecond: opsPerSecond,
            bestSeconds: (object["best_seconds"] as? NSNumber)?.doubleValue ?? 0,
            runs: (object["runs"] as? NSNumber)?.intValue ?? 0,
            interpreter: "\(implementation) \(version)"
        )
    }
}
