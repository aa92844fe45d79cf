import Foundation

/// Where a command's output goes: standard output, or a file given with `-o` (created or
/// truncated; a failure to open it is one line naming the path).
final class OutputSink {
    private let handle: FileHandle
    private let ownsHandle: Bool
    let path: String?

    init(path: String?) throws {
        self.path = path
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            ownsHandle = false
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let opened = FileHandle(forWritingAtPath: path) else {
            throw CLIError("cannot write \(path); check that its folder exists and is writable")
        }
        handle = opened
        ownsHandle = true
    }

    func write(_ text: String) throws {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw CLIError("cannot write \(path ?? "standard output"): \(error.localizedDescription)")
        }
    }

    func close() {
        if ownsHandle { try? handle.close() }
    }
}
