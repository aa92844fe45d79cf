import Foundation

/// Finds the `demos/` folder: `KVVIZ_DEMOS` if set, else the working directory's `demos/`, else
/// a `demos/` beside or above the executable (so `swift run kvviz` and an installed binary next
/// to its demos both work).
enum DemoDirectory {
    static func locate() throws -> URL {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["KVVIZ_DEMOS"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        candidates.append(URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("demos"))
        // The executable's real path (argv[0] is a bare name when kvviz runs from PATH).
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("demos"))
            directory.deleteLastPathComponent()
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue,
               !(try scenarioFiles(in: candidate)).isEmpty {
                return candidate
            }
        }
        throw CLIError("cannot find the demos/ folder; run kvviz from the repository root or set KVVIZ_DEMOS=/path/to/demos")
    }

    /// Scenario files in name order (the numbering gives the tour's order).
    static func scenarioFiles(in directory: URL) throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
            .sorted()
            .map { directory.appendingPathComponent($0) }
    }

    /// A demo's short name: its file name without the number prefix and extension
    /// (`06-paged-attention.yaml` -> `paged-attention`).
    static func shortName(of file: URL) -> String {
        var stem = file.deletingPathExtension().lastPathComponent
        if let dash = stem.firstIndex(of: "-"), stem[..<dash].allSatisfy(\.isNumber) {
            stem = String(stem[stem.index(after: dash)...])
        }
        return stem
    }
}
