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
    /// Why a file could not be read, as values (`kind`: what the caller expected, such as "a
    /// .yaml walkthrough file"); `reason` words it as a short phrase that follows the path, e.g.
    /// "is a directory, not a file; name a .yaml walkthrough file".
    public struct Failure: KVVizError, Equatable, Sendable {
        public let problem: Problem
        public let kind: String

        public enum Problem: Equatable, Sendable {
            case tooLarge(bytes: Int, limit: Int)
            case grewPastLimit(limit: Int)
            case notFound
            /// A part of the path is not a folder.
            case notFoundOnPath
            case permissionDenied
            case symbolicLinkLoop
            /// Opening, examining or reading failed otherwise (`reason`: the system's words).
            case openFailed(reason: String)
            case examineFailed(reason: String)
            case readFailed(reason: String)
            /// Not a regular file: "is a directory", "is a FIFO (named pipe)", ...
            case notRegular(NodeKind)
        }

        /// What is at the path when it is not a regular file.
        public enum NodeKind: Sendable {
            case directory, fifo, characterDevice, blockDevice, socket, other
        }

        public var reason: String {
            switch problem {
            case let .tooLarge(bytes, limit): "is \(bytes) bytes, more than the \(limit)-byte limit for \(kind)"
            case let .grewPastLimit(limit): "grew past the \(limit)-byte limit for \(kind) while being read"
            case .notFound: "no such file; check the path"
            case .notFoundOnPath: "no such file (a part of the path is not a folder); check the path"
            case .permissionDenied: "cannot be opened (permission denied); check its permissions"
            case .symbolicLinkLoop: "cannot be opened (too many symbolic links); check the path"
            case let .openFailed(reason): "cannot be opened (\(reason)); name \(kind)"
            case let .examineFailed(reason): "cannot be examined (\(reason))"
            case let .readFailed(reason): "cannot be read (\(reason))"
            case .notRegular(.other): "is not a regular file; name \(kind)"
            case let .notRegular(node): "\(Self.phrase(node)), not a file; name \(kind)"
            }
        }

        public var description: String { reason }

        private static func phrase(_ node: NodeKind) -> String {
            switch node {
            case .directory: "is a directory"
            case .fifo: "is a FIFO (named pipe)"
            case .characterDevice: "is a character device"
            case .blockDevice: "is a block device"
            case .socket: "is a socket"
            case .other: "is something else"
            }
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int, expecting kind: String) throws(Failure) -> [UInt8] {
        let (descriptor, status) = try openRegular(path, expecting: kind)
        defer { close(descriptor) }
        guard Int(status.st_size) <= limit else {
            throw Failure(problem: .tooLarge(bytes: Int(status.st_size), limit: limit), kind: kind)
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { throw Failure(problem: .grewPastLimit(limit: limit), kind: kind) }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - count)))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(problem: .readFailed(reason: describe(errno)), kind: kind)
            }
            count += got
        }
        guard count <= limit else { throw Failure(problem: .grewPastLimit(limit: limit), kind: kind) }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Opens the regular file at `path` for reading (without blocking on a FIFO) and returns its
    /// descriptor with its status; the caller closes it. Anything but a regular file is refused.
    public static func openRegular(_ path: String, expecting kind: String) throws(Failure) -> (Int32, stat) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(problem: openFailure(errno), kind: kind) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = describe(errno)
            close(descriptor)
            throw Failure(problem: .examineFailed(reason: reason), kind: kind)
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(descriptor)
            throw Failure(problem: .notRegular(node(type)), kind: kind)
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

    private static func node(_ type: mode_t) -> Failure.NodeKind {
        switch type {
        case S_IFDIR: .directory
        case S_IFIFO: .fifo
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFSOCK: .socket
        default: .other
        }
    }

    private static func openFailure(_ code: Int32) -> Failure.Problem {
        switch code {
        case ENOENT: .notFound
        case EACCES, EPERM: .permissionDenied
        case ENOTDIR: .notFoundOnPath
        case ELOOP: .symbolicLinkLoop
        default: .openFailed(reason: describe(code))
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
