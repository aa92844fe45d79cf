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
        #expect(throws: InputFile.Failure(reason: "is 6 bytes, more than the 5-byte limit for a file")) {
            try InputFile.read(path, limit: 5, expecting: "a file")
        }
    }

    @Test func whatIsNotARegularFileIsRefusedPlainly() throws {
        let directory = Self.temporary("dir")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: InputFile.Failure(reason: "is a directory, not a file; name a scenario")) {
            try InputFile.read(directory, limit: 100, expecting: "a scenario")
        }
        let fifo = Self.temporary("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        // No writer: a blocking open would wait for ever.
        #expect(throws: InputFile.Failure(reason: "is a FIFO (named pipe), not a file; name a scenario")) {
            try InputFile.read(fifo, limit: 100, expecting: "a scenario")
        }
        #expect(throws: InputFile.Failure(reason: "is a character device, not a file; name a scenario")) {
            try InputFile.read("/dev/zero", limit: 100, expecting: "a scenario")
        }
        #expect(throws: InputFile.Failure(reason: "no such file; check the path")) {
            try InputFile.read(Self.temporary("missing"), limit: 100, expecting: "a scenario")
        }
    }

    /// On screen, a block scalar's newlines and tabs are layout (spaces); every other control is escaped.
    @Test func onScreenTextKeepsLayoutWhitespaceAsSpaces() {
        #expect(SafeText.onScreen("a\nb\tc\n") == "a b c")
        #expect(SafeText.onScreen("a\rb\u{9B}c\u{1B}[2J") == "a\\rb\\u{9b}c\\e[2J")
        #expect(SafeText.onScreen("plain 中文") == "plain 中文")
    }
}
