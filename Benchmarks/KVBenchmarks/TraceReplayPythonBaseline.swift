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
    /// The block manager that was replayed, when the script names one (nano-vllm's driver:
    /// its `block_manager.py` and the checkout's commit).
    public var blockManager: String? = nil
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

    /// Where `scripts/install.sh` puts the script, relative to PREFIX (the binary is PREFIX/bin/kvviz).
    public static let installedRelativePath = "share/kvviz/kvtrace_replay.py"

    /// Finds the script only where this binary came from: its install location
    /// (`PREFIX/share/kvviz/kvtrace_replay.py` beside `PREFIX/bin/kvviz`), or the kvviz checkout
    /// the binary was built in (a folder above it holding `Package.swift` and the script). Never
    /// the working directory: benchmarking a trace inside a downloaded folder must not run a
    /// script that folder ships. Any other script is run only when the user names it.
    public static func locateScript(relativePath: String = scriptRelativePath, installedRelativePath: String = installedRelativePath,
                                    executablePath: String = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "") -> String? {
        guard !executablePath.isEmpty, executablePath.contains("/") || resolvedOnPath(executablePath) != nil else { return nil }
        let executable = executablePath.contains("/") ? executablePath : resolvedOnPath(executablePath)!
        let binFolder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = binFolder.deletingLastPathComponent().appendingPathComponent(installedRelativePath).path
        if FileManager.default.isReadableFile(atPath: installed) { return installed }
        var directory = binFolder
        for _ in 0 ..< 6 {
            let script = directory.appendingPathComponent(relativePath).path
            let manifest = directory.appendingPathComponent("Package.swift").path
            if FileManager.default.isReadableFile(atPath: script), FileManager.default.fileExists(atPath: manifest) {
                return script
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// A bare command name (`kvviz` run from PATH) resolved the way the shell did.
    static func resolvedOnPath(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for directory in (path ?? "").split(separator: ":") where !directory.isEmpty && directory.hasPrefix("/") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `python script [arguments] trace --json` and reads its figures. The script asserts the
    /// trace's totals itself; a failure (non-zero exit, unreadable output, no exit within
    /// `timeoutSeconds`) becomes a skip naming the script's last line of stderr. A script that
    /// exits with `unavailableStatus` had nothing to measure with (a missing package, say): its
    /// last stderr line, which says what to install or pass, is the whole reason.
    ///
    /// The child writes into temporary files, not pipes: a pipe holds 64 KB, and a script that
    /// wrote more to one stream while kvviz waited on the other would block both for ever. Only
    /// the first `outputLimit` bytes of stdout and the last 4 KB of stderr are read back.
    public static func run(python: String, script: String, arguments: [String] = [], trace: String,
                           minimumSeconds: Double = 1.0, timeoutSeconds: Double = 300,
                           unavailableStatus: Int32? = nil) -> PythonBaselineOutcome {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("kvviz-python-baseline-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0 ... .max))")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        } catch {
            return .skipped(reason: "cannot create a temporary folder for \(python)'s output: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
              FileManager.default.createFile(atPath: errURL.path, contents: nil),
              let outHandle = try? FileHandle(forWritingTo: outURL),
              let errHandle = try? FileHandle(forWritingTo: errURL)
        else { return .skipped(reason: "cannot create temporary files for \(python)'s output") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments + [trace, "--json", "--min-seconds", String(minimumSeconds)]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        do {
            try process.run()
        } catch {
            return .skipped(reason: "cannot start \(python): \(error.localizedDescription)")
        }
        try? outHandle.close()
        try? errHandle.close()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return .skipped(reason: "\(script) did not finish within \(Int(timeoutSeconds)) s")
        }
        process.waitUntilExit()
        let stdout = read(outURL, first: outputLimit)
        guard process.terminationStatus == 0, process.terminationReason == .exit else {
            let lastLine = String(decoding: read(errURL, last: 4096), as: UTF8.self)
                .split(separator: "\n").last.map(String.init) ?? "no message"
            if let unavailableStatus, process.terminationReason == .exit, process.terminationStatus == unavailableStatus {
                return .skipped(reason: lastLine)
            }
            return .skipped(reason: "\(script) failed (exit \(process.terminationStatus)): \(lastLine)")
        }
        guard let result = parse(stdout, script: script) else {
            return .skipped(reason: "\(script) printed no readable JSON figures")
        }
        return .measured(result)
    }

    /// Most bytes of the script's stdout read back (its one JSON line is a few hundred).
    static let outputLimit = 1 << 20

    /// The first `first` or the last `last` bytes of a file (empty when unreadable).
    static func read(_ url: URL, first: Int? = nil, last: Int? = nil) -> Data {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return Data() }
        defer { try? handle.close() }
        if let last, let size = try? handle.seekToEnd(), size > UInt64(last) {
            try? handle.seek(toOffset: size - UInt64(last))
        } else {
            try? handle.seek(toOffset: 0)
        }
        return (try? handle.read(upToCount: first ?? last ?? outputLimit)) ?? Data()
    }

    /// Reads the script's `--json` line.
    static func parse(_ data: Data, script: String) -> PythonBaselineResult? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let opsPerSecond = (object["ops_per_second"] as? NSNumber)?.doubleValue, opsPerSecond > 0
        else { return nil }
        let implementation = object["implementation"] as? String ?? "python"
        let version = object["python"] as? String ?? "?"
        var blockManager = object["block_manager"] as? String
        if let path = blockManager, let commit = object["nano_vllm_commit"] as? String, !commit.isEmpty {
            blockManager = "\(path) at \(commit)"
        }
        return PythonBaselineResult(
            script: script,
            opsPerSecond: opsPerSecond,
            bestSeconds: (object["best_seconds"] as? NSNumber)?.doubleValue ?? 0,
            runs: (object["runs"] as? NSNumber)?.intValue ?? 0,
            interpreter: "\(implementation) \(version)",
            blockManager: blockManager
        )
    }
}
