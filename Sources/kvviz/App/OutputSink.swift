#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command's output goes: standard output (through `Console`), or the path given with
/// `-o`, which is opened and written through like a shell's `>`: created or truncated, so a
/// symlink writes its target, a FIFO feeds its reader, a device gets the bytes, and an existing
/// file keeps its mode, owner and hard links. Nothing is ever renamed over the path.
///
/// With `atomic` (`--atomic`) a regular file (or a new one) is written to a temporary file in
/// the same folder and renamed over the path when complete, so a reader never sees half of it;
/// any other kind of path (symlink, FIFO, device, socket, folder) is refused, never replaced.
final class OutputSink {
    let path: String?
    private var descriptor: Int32
    private var temporaryPath: String?

    init(path: String?, atomic: Bool = false) throws {
        guard let path, path != "-" else {
            if atomic { throw CLIError(flag: "--atomic", .rule(.atomicToStandardOutput)) }
            self.path = nil
            descriptor = 1
            return
        }
        self.path = path
        if atomic {
            (descriptor, temporaryPath) = try OutputSink.openTemporary(beside: path)
        } else {
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw OutputSink.openFailure(path, errno: errno) }
        }
    }

    deinit {
        if let temporaryPath { unlink(temporaryPath) }
        if descriptor > 2 { _ = closeDescriptor(descriptor) }
    }

    func write(_ text: String) throws {
        guard let path else { return Console.write(text, to: .output) }
        if let code = Console.writeAll(text, descriptor: descriptor) {
            if code == EPIPE { Console.quietPipeExit() }
            throw CLIError(.cannotWrite(path, errno: code))
        }
    }

    /// Finishes the file: with `--atomic`, moves it into place. A failure here (a full disk
    /// found at the last flush) is an error like a failed write.
    func finish() throws {
        guard let path, descriptor > 2 else { return }
        if let temporaryPath {
            if fsync(descriptor) != 0 { throw CLIError(.cannotWrite(path, errno: errno)) }
            _ = closeDescriptor(descriptor)
            descriptor = -1
            guard rename(temporaryPath, path) == 0 else {
                throw CLIError(.cannotWrite(path, errno: errno))
            }
            self.temporaryPath = nil
        } else {
            let result = closeDescriptor(descriptor)
            descriptor = -1
            if result != 0 { throw CLIError(.cannotWrite(path, errno: errno)) }
        }
    }

    /// Kept for callers that only release the file (errors already reported).
    func close() {
        if descriptor > 2 { _ = closeDescriptor(descriptor) }
        descriptor = -1
    }

    static func openFailure(_ path: String, errno code: Int32) -> CLIError {
        CLIError(.cannotOpenOutput(path, errno: code))
    }

    /// A temporary file beside `path` with the mode the file has (or a new file would get).
    private static func openTemporary(beside path: String) throws -> (Int32, String) {
        var status = stat()
        var mode: mode_t = 0o666 & ~currentUmask()
        if lstat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFREG else {
                throw CLIError(flag: "-o \(path)", .rule(.atomicNotRegular(node: kind(status.st_mode))))
            }
            mode = status.st_mode & 0o7777
        }
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var template = Array(((folder.isEmpty ? "" : folder) + "/.kvviz-atomic-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw openFailure(path, errno: errno) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fchmod(descriptor, mode)
        return (descriptor, temporary)
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFLNK: "a symbolic link"
        case S_IFIFO: "a FIFO"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a folder"
        default: "not a regular file"
        }
    }
}

private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(descriptor)
    #else
    Darwin.close(descriptor)
    #endif
}
