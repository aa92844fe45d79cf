#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KVBase

/// Reads a file one line at a time through a fixed buffer, so memory stays the same however
/// long the file is, and refuses a line longer than `maxLineBytes` as soon as it has read that
/// much of it (a 1 GB line costs one buffer, not a gigabyte). Lines end at `\n`; a `\r` before
/// it is dropped. A reference type: it owns the open descriptor and closes it when released.
final class TraceLineReader {
    /// The longest line read: 1 MiB. A Mooncake line lists one id per 512 prompt tokens, so
    /// this holds prompts of tens of millions of tokens; an Azure line is under 60 bytes.
    static let maxLineBytes = 1 << 20

    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8]
    /// Bytes of `buffer` holding data, and where the unread part starts.
    private var filled = 0
    private var start = 0
    private var atEnd = false
    private let maxLineBytes: Int
    /// The line number of the line `nextLine` returned last (1-based).
    private(set) var lineNumber = 0

    init(path: String, expecting kind: String, maxLineBytes: Int = TraceLineReader.maxLineBytes) throws(RequestTraceError) {
        do {
            (descriptor, _) = try InputFile.openRegular(path, expecting: kind)
        } catch {
            throw RequestTraceError(path: path, line: nil, .unreadable(error))
        }
        self.path = path
        self.maxLineBytes = maxLineBytes
        buffer = [UInt8](repeating: 0, count: Swift.min(maxLineBytes, 1 << 16) + 1)
    }

    deinit { close(descriptor) }

    /// Calls `body` with the next line's bytes (without its end of line), or returns false at
    /// the end of the file. The bytes are valid only inside `body`.
    func nextLine<T>(_ body: (UnsafeBufferPointer<UInt8>) throws(RequestTraceError) -> T) throws(RequestTraceError) -> T? {
        var scanned = start  // bytes before `scanned` hold no end of line
        while true {
            if let newline = firstNewline(from: scanned) {
                lineNumber += 1
                let lineStart = start
                start = newline + 1
                return try line(lineStart, newline, body)
            }
            if filled - start > maxLineBytes { throw tooLong(line: lineNumber + 1) }
            if atEnd {
                guard filled > start else { return nil }
                lineNumber += 1
                let lineStart = start
                start = filled
                return try line(lineStart, filled, body)
            }
            let offset = filled - start
            try refill()
            scanned = start + offset
        }
    }

    private func line<T>(_ from: Int, _ to: Int,
                         _ body: (UnsafeBufferPointer<UInt8>) throws(RequestTraceError) -> T) throws(RequestTraceError) -> T {
        if to - from > maxLineBytes { throw tooLong(line: lineNumber) }
        var end = to
        if end > from, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return try buffer.withUnsafeBufferPointer { all throws(RequestTraceError) in
            try body(UnsafeBufferPointer(rebasing: all[from..<end]))
        }
    }

    private func firstNewline(from index: Int) -> Int? {
        buffer.withUnsafeBufferPointer { all in
            var i = index
            while i < filled {
                if all[i] == UInt8(ascii: "\n") { return i }
                i += 1
            }
            return nil
        }
    }

    /// Moves the unread bytes to the front, grows the buffer up to the line cap if it is full,
    /// and reads more. Sets `atEnd` when the file has no more.
    private func refill() throws(RequestTraceError) {
        if start > 0 {
            let unread = filled - start
            if unread > 0 {
                buffer.withUnsafeMutableBufferPointer { all in
                    let base = all.baseAddress!
                    base.update(from: base + start, count: unread)
                }
            }
            filled = unread
            start = 0
        }
        if filled == buffer.count {
            let grown = Swift.min(buffer.count * 2, maxLineBytes + 2)
            buffer.append(contentsOf: repeatElement(0, count: grown - buffer.count))
        }
        let got = buffer.withUnsafeMutableBytes { raw in
            InputFile.readSome(descriptor, into: raw.baseAddress! + filled, count: raw.count - filled)
        }
        if got < 0 {
            throw RequestTraceError(path: path, line: lineNumber + 1, .readFailed(reason: InputFile.lastErrorText))
        }
        if got == 0 { atEnd = true }
        filled += got
    }

    private func tooLong(line: Int) -> RequestTraceError {
        RequestTraceError(path: path, line: line, .lineTooLong(maximum: maxLineBytes))
    }
}
