import Foundation

/// Standard input saved to a temporary file, for commands that take `-` where a path is expected
/// and hand the path on (`bench --trace -` gives it to the Python baseline too). Reading stops
/// one byte past `limit`, so an endless input is refused instead of filling the disk.
struct StandardInputCopy {
    let path: String

    init(limit: Int, kind: String) throws {
        var bytes = Data()
        while bytes.count <= limit, let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes.append(chunk)
        }
        guard bytes.count <= limit else {
            throw CLIError(.standardInputTooLarge(limit: limit, kind: kind))
        }
        guard !bytes.isEmpty else { throw CLIError(.standardInputEmpty(kind: kind)) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kvviz-stdin-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: bytes) else {
            throw CLIError(.cannotCopyStandardInput(path: url.path))
        }
        path = url.path
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
