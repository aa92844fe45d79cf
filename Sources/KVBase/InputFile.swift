#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a file named by a user (a scenario, a trace): only a regular file is read, and only
/// up to a stated size. A directory, a FIFO, a device or a socket is refused with a plain
/// reason before anything blocks or fills memory: the file is opened without blocking (a FIFO
/// with no writer would otherwise hang the open) and checked with `fstat` on the opened
/// descriptor, so the check and the read see the same file.
public enum InputFile {
    /// Why a file could not be read: a short phrase that follows the path, e.g.
    /// "is a directory; name a .yaml file".
    public struct Failure: KVVizError, Equatable, Sendable {
        public let reason: String

        public var description: String { reason }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int, expecting kind: String) throws(Failure) -> [UInt8] {
        let (descriptor, status) = try openRegular(path, expecting: kind)
        defer { close(descriptor) }
        guard Int(status.st_size) <= limit else {
            throw Failure(reason: "is \(Int(status.st_size)) bytes, more than the \(limit)-byte limit for \(kind)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { throw Failure(reason: "grew past the \(limit)-byte limit for \(kind) while being read") }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - count)))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: "cannot be read (\(describe(errno)))")
            }
            count += got
        }
        guard count <= limit else { throw Failure(reason: "grew past the \(limit)-byte limit for \(kind) while being read") }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Opens the regular file at `path` for reading (without blocking on a FIFO) and returns its
    /// descriptor with its status; the caller closes it. Anything but a regular file is refused.
    public static func openRegular(_ path: String, expecting kind: String) throws(Failure) -> (Int32, stat) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(reason: openFailure(errno, kind: kind)) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = "cannot be examined (\(describe(errno)))"
            close(descriptor)
            throw Failure(reason: reason)
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(descriptor)
            throw Failure(reason: "\(notRegular(type)), not a file; name \(kind)")
        }
        return (descriptor, status)
    }

    /// `read(2)` on a descriptor, retried on EINTR: bytes read, 0 at the end, -1 on an error.
    public static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        while true {
            let got = systemRead(descriptor, buffer, count)
            if got < 0, errno == EINTR { continue }
            return got
        }
    }

    /// The system's wording of the last error (`strerror(errno)`).
    public static var lastErrorText: String { describe(errno) }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    private static func notRegular(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: "is a directory"
        case S_IFIFO: "is a FIFO (named pipe)"
        case S_IFCHR: "is a character device"
        case S_IFBLK: "is a block device"
        case S_IFSOCK: "is a socket"
        default: "is not a regular file"
        }
    }

    private static func openFailure(_ code: Int32, kind: String) -> String {
        switch code {
        case ENOENT: "no such file; check the path"
        case EACCES, EPERM: "cannot be opened (permission denied); check its permissions"
        case ENOTDIR: "no such file (a part of the path is not a folder); check the path"
        case ELOOP: "cannot be opened (too many symbolic links); check the path"
        default: "cannot be opened (\(describe(code))); name \(kind)"
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
