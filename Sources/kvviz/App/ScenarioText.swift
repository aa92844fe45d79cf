import Engine
import KVScenario
import Foundation
import KVBase

/// Reads a scenario file's text for the commands: a path (through `InputFile`, the one reader
/// of user files, which refuses folders, FIFOs and devices with one plain line), or `-` for
/// standard input; text that is not UTF-8 is refused.
enum ScenarioText {
    /// The largest scenario accepted (walkthroughs are a few KiB): the loader's own limit.
    static let maxBytes = ScenarioLoader.maxFileBytes

    static func read(path: String) throws -> String {
        let shown = path
        let data: Data
        if path == "-" {
            // Bounded: `kvviz play - < /dev/zero` must stop at the limit, not fill memory.
            var collected = Data()
            while collected.count <= maxBytes,
                  let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 16), !chunk.isEmpty {
                collected.append(chunk)
            }
            data = collected
        } else {
            do {
                data = Data(try InputFile.read(path, limit: maxBytes, expecting: "a scenario file (.yaml, .yml or .json)"))
            } catch {
                throw ScenarioError(file: shown, line: nil, field: "", .unreadable(error))
            }
        }
        guard data.count <= maxBytes else {
            throw ScenarioError(file: shown, line: nil, field: "", .tooLarge(limit: maxBytes))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: shown, line: nil, field: "", .notUTF8)
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
