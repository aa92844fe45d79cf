import Foundation
import Testing

/// One error protocol (issue 23): every error type the sources declare is a `KVVizError`, so
/// `ErrorReport` renders each through it and none is left to a fallback.
@Suite struct ErrorTypesTests {
    /// The types in `text` declared as plain `Error`s: an inheritance list naming `Error` and
    /// not `KVVizError`.
    static func plainErrorTypes(in text: String) -> [String] {
        text.matches(of: /(?m)^\s*(?:public |package |private |fileprivate )?(?:struct|enum|class|actor) (\w+)\s*:\s*([^{\n]+)\{/)
            .compactMap { match in
                let inherited = match.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return inherited.contains("Error") && !inherited.contains("KVVizError") ? String(match.1) : nil
            }
    }

    @Test func everyErrorTypeOfTheSourcesIsAKVVizError() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var plain: [String] = []
        var read = 0
        for folder in ["Sources", "Benchmarks"] {
            let walker = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                guard url.pathExtension == "swift" else { continue }
                read += 1
                let text = try String(contentsOf: url, encoding: .utf8)
                plain += Self.plainErrorTypes(in: text).map { "\(url.lastPathComponent): \($0)" }
            }
        }
        #expect(read > 100, "read \(read) source files")
        #expect(plain.isEmpty, "error types that are not KVVizErrors: \(plain.joined(separator: ", "))")
    }

    @Test func theScanFindsAPlainErrorAndPassesAKVVizError() {
        let text = """
            public struct Good: KVVizError, Equatable {
            enum Bad: Error, CustomStringConvertible {
                struct Nested: Sendable, Error {
            struct NotAnError: Hashable {
            """
        #expect(Self.plainErrorTypes(in: text) == ["Bad", "Nested"])
    }
}
