import Foundation
@testable import KVCore

/// Files for the request-trace tests: the committed excerpts, and scratch files written per test.
enum RequestTraceFiles {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/workloads")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// Writes `text` to a fresh file named `name` in a scratch folder and returns its path.
    static func write(_ text: String, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("kvviz-request-traces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The error `scan` reports for `text`, or nil if it reads.
    static func scanError(_ text: String, name: String, format: RequestTraceFormat? = nil) throws -> String? {
        let path = try write(text, name: name)
        do {
            _ = try RequestTrace.scan(path: path, options: .init(format: format))
            return nil
        } catch {
            return error.description.replacingOccurrences(of: path, with: name)
        }
    }
}
