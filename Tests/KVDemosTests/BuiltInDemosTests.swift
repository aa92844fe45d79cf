import Foundation
import KVDemos
import Testing

@Suite struct BuiltInDemosTests {
    /// The repository's demos/ folder, found from this file's path.
    static let demosFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demos")

    @Test func everyScenarioFileIsEmbeddedByteForByte() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.demosFolder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
            .sorted()
        #expect(names.count >= 11)
        #expect(BuiltInDemos.files.map(\.fileName) == names)
        for name in names {
            let onDisk = try Data(contentsOf: Self.demosFolder.appendingPathComponent(name))
            #expect(BuiltInDemos.text(of: name).map { Data($0.utf8) } == onDisk, "\(name)")
        }
    }

    @Test func unknownFileHasNoText() {
        #expect(BuiltInDemos.text(of: "README.md") == nil)
        #expect(BuiltInDemos.text(of: "99-nothing.yaml") == nil)
    }
}
