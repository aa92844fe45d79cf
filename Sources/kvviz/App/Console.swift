#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way kvviz writes to standard output and standard error (never `print` or
/// `FileHandle.write`, which lose ENOSPC silently or trap on EPIPE/EBADF).
///
/// - `Console.out(text)` / `Console.err(text)` write every byte with write(2). A failure ends
///   the run the conventional way: a closed pipe (EPIPE) quietly, as if killed by SIGPIPE
///   (status 141); any other error (ENOSPC on a full disk, EBADF on a closed stream) as one line
///   `kvviz: cannot write standard output: <why>; <fix>` on stderr and status 1. A failed
///   write to standard error is ignored (nowhere to report it; the exit status still tells).
/// - `Console.prepareStandardStreams()` (first thing in `main`) puts a read-only /dev/null on
///   a closed descriptor 0, 1 or 2, so a file opened later cannot take its number, and a write
///   to the closed stream still fails with EBADF instead of landing in that file.
enum Console {
    enum Stream: Int32 {
        case output = 1, error = 2
        var name: String { self == .output ? "standard output" : "standard error" }
    }

    /// Text for standard output; `terminator` as in `print`.
    static func out(_ text: String, terminator: String = "\n") {
        write(text + terminator, to: .output)
    }

    /// Text for standard error, as it is (callers word errors through `ErrorReport.line`).
    static func err(_ text: String) {
        write(text, to: .error)
    }

    /// A failure on standard output ends the run (`fail`); one on standard error is ignored:
    /// there is nowhere left to report it, and the exit status still tells the outcome.
    static func write(_ text: String, to stream: Stream) {
        if let failure = writeAll(text, descriptor: stream.rawValue), stream == .output { fail(stream, errno: failure) }
    }

    /// Writes every byte of `text` to `descriptor`; the errno of a failure, nil on success.
    static func writeAll(_ text: String, descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { writeAll($0, descriptor: descriptor) }
    }

    /// Writes every byte of `bytes` to `descriptor` (retrying EINTR); the errno of a failure.
    static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }

    /// Ends the run after a failed write to `stream`.
    static func fail(_ stream: Stream, errno code: Int32) -> Never {
        if code == EPIPE { quietPipeExit() }
        _ = writeAll(ErrorReport.line(CLIError(.cannotWrite(stream.name, errno: code)).description), descriptor: 2)
        exit(1)
    }

    /// The reader went away: stop quietly, as `cat` and `head`'s writers do (status 141).
    static func quietPipeExit() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(141)
    }

    static func describe(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) }.map { $0.prefix(1).lowercased() + $0.dropFirst() } ?? "error \(code)"
    }

    /// A closed 0, 1 or 2 gets a read-only /dev/null (see the type's note).
    static func prepareStandardStreams() {
        for descriptor in Int32(0) ... 2 where fcntl(descriptor, F_GETFD) < 0 && errno == EBADF {
            let opened = open("/dev/null", descriptor == 0 ? O_WRONLY : O_RDONLY)
            if opened >= 0 && opened != descriptor {
                _ = dup2(opened, descriptor)
                _ = close(opened)
            }
        }
    }

    /// Whether standard error is a terminal (progress lines are shown only there).
    static var errorIsTerminal: Bool { isatty(2) == 1 }

    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #else
        Darwin.write(descriptor, buffer, count)
        #endif
    }
}
