import Foundation
import Testing
@testable import KVBase

@Suite("Reading user files, escaping what they say")
struct InputSafetyTests {
    @Test func bidirectionalOverridesAreEscapedToo() {
        #expect(SafeText.escaped("\u{202E}evil\u{2066}") == "\\u{202e}evil\\u{2066}")
        let plain = "block #7 缓存 🙂 \\e"
        #expect(SafeText.escaped(plain) == plain)
    }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kvviz-input-\(getpid())-\(name)").path
    }

    @Test func aRegularFileIsReadWhole() throws {
        let path = Self.temporary("ok.txt")
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try InputFile.read(path, limit: 100, expecting: "a file") == Array("hello\n".utf8))
        #expect(throws: InputFile.Failure(problem: .tooLarge(bytes: 6, limit: 5), kind: "a file")) {
            try InputFile.read(path, limit: 5, expecting: "a file")
        }
    }

    @Test func whatIsNotARegularFileIsRefusedPlainly() throws {
        let directory = Self.temporary("dir")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: InputFile.Failure(problem: .notRegular(.directory), kind: "a scenario")) {
            try InputFile.read(directory, limit: 100, expecting: "a scenario")
        }
        let fifo = Self.temporary("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        // No writer: a blocking open would wait for ever.
        #expect(throws: InputFile.Failure(problem: .notRegular(.fifo), kind: "a scenario")) {
            try InputFile.read(fifo, limit: 100, expecting: "a scenario")
        }
        #expect(throws: InputFile.Failure(problem: .notRegular(.characterDevice), kind: "a scenario")) {
            try InputFile.read("/dev/zero", limit: 100, expecting: "a scenario")
        }
        #expect(throws: InputFile.Failure(problem: .notFound, kind: "a scenario")) {
            try InputFile.read(Self.temporary("missing"), limit: 100, expecting: "a scenario")
        }
    }

    /// Each typed failure renders to its phrase, worded once.
    @Test func everyFailureRendersItsPhrase() {
        let phrases: [(InputFile.Failure.Problem, String)] = [
            (.tooLarge(bytes: 6, limit: 5), "is 6 bytes, more than the 5-byte limit for a scenario"),
            (.grewPastLimit(limit: 5), "grew past the 5-byte limit for a scenario while being read"),
            (.notFound, "no such file; check the path"),
            (.notFoundOnPath, "no such file (a part of the path is not a folder); check the path"),
            (.permissionDenied, "cannot be opened (permission denied); check its permissions"),
            (.symbolicLinkLoop, "cannot be opened (too many symbolic links); check the path"),
            (.openFailed(reason: "No space"), "cannot be opened (No space); name a scenario"),
            (.examineFailed(reason: "I/O error"), "cannot be examined (I/O error)"),
            (.readFailed(reason: "I/O error"), "cannot be read (I/O error)"),
            (.notRegular(.directory), "is a directory, not a file; name a scenario"),
            (.notRegular(.fifo), "is a FIFO (named pipe), not a file; name a scenario"),
            (.notRegular(.characterDevice), "is a character device, not a file; name a scenario"),
            (.notRegular(.blockDevice), "is a block device, not a file; name a scenario"),
            (.notRegular(.socket), "is a socket, not a file; name a scenario"),
            (.notRegular(.other), "is not a regular file; name a scenario"),
        ]
        for (problem, phrase) in phrases {
            #expect(InputFile.Failure(problem: problem, kind: "a scenario").reason == phrase)
        }
    }

    /// On screen, a block scalar's newlines and tabs are layout (spaces); every other control is escaped.
    @Test func onScreenTextKeepsLayoutWhitespaceAsSpaces() {
        #expect(SafeText.onScreen("a\nb\tc\n") == "a b c")
        #expect(SafeText.onScreen("a\rb\u{9B}c\u{1B}[2J") == "a\\rb\\u{9b}c\\e[2J")
        #expect(SafeText.onScreen("plain 中文") == "plain 中文")
    }
}
