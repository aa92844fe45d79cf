import Foundation

/// Reads a scenario file's text for the commands: a path, or `-` for standard input. Refuses
/// what is not a regular file (a folder, a device) with one plain line, and text that is not
/// UTF-8.
enum ScenarioText {
    /// The largest scenario accepted (walkthroughs are a few KiB).
    static let maxBytes = 4 << 20

    static func read(path: String) throws -> String {
        let shown = path
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("\(shown): no such file; check the path")
            }
            guard !isDirectory.boolValue else {
                throw CLIError("\(shown) is a folder; name a scenario file (.yaml, .yml or .json)")
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let type = attributes?[.type] as? FileAttributeType
            guard type == .typeRegular else {
                throw CLIError("\(shown) is not a regular file; name a scenario file (.yaml, .yml or .json)")
            }
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CLIError("\(shown): cannot read the file; check its permissions")
            }
            data = contents
        }
        guard data.count <= maxBytes else {
            throw CLIError("\(shown) is \(data.count) bytes; scenario files are limited to \(maxBytes) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("\(shown) is not UTF-8 text; save it as UTF-8")
        }
        return text
    }

    /// After a scenario came through standard input, the keys must come from the terminal: when
    /// standard output is a terminal, standard input is reopened on it (`/dev/tty`).
    static func reattachTerminalInput() {
        guard isatty(1) == 1, isatty(0) != 1 else { return }
        let tty = open("/dev/tty", O_RDONLY)
        guard tty >= 0 else { return }
        _ = dup2(tty, 0)
        _ = close(tty)
    }
}
