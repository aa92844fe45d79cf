import Foundation
import KVDemos
import Testing

@Suite struct BuiltInDemosTests {
    /// The repository's demos/ folder, found from this file's path.
    static let demosFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demos")

    static func scenarioNames(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
            .sorted()
    }

    @Test func everyScenarioFileIsEmbeddedByteForByte() throws {
        let chapter = try Self.scenarioNames(in: Self.demosFolder)
        let practice = try Self.scenarioNames(in: Self.demosFolder.appendingPathComponent("practice")).map { "practice/" + $0 }
        let names = chapter + practice
        #expect(chapter.count >= 11 && practice.count >= 4)
        #expect(BuiltInDemos.files.map(\.fileName) == names)
        for name in names {
            let onDisk = try Data(contentsOf: Self.demosFolder.appendingPathComponent(name))
            #expect(BuiltInDemos.text(of: name).map { Data($0.utf8) } == onDisk, "\(name)")
        }
    }

    /// The tour's two parts: the chapter's twelve from demos/, then vLLM in practice from
    /// demos/practice/, each file in the part its folder names.
    @Test func filesAreInTheirFoldersPart() {
        let parts = BuiltInDemos.files.map(\.part)
        #expect(parts.filter { $0 == .chapter }.count == 12)
        #expect(parts.filter { $0 == .practice }.count >= 4)
        #expect(parts == parts.sorted(), "the chapter's files come first")
        #expect(BuiltInDemos.files.first(where: { $0.fileName.hasSuffix("prefix-hit-rate.yaml") })?.part == .practice)
        #expect(TourPart(fileName: "08-prefix-sharing.yaml") == .chapter)
        #expect(TourPart(fileName: "practice/01-prefix-hit-rate.yaml") == .practice)
        #expect(TourPart(fileName: "practiced-01.yaml") == .chapter)
    }

    @Test func unknownFileHasNoText() {
        #expect(BuiltInDemos.text(of: "README.md") == nil)
        #expect(BuiltInDemos.text(of: "99-nothing.yaml") == nil)
    }
}
