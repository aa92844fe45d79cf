import Foundation
import Testing

/// docs/ARCHITECTURE.md's module table against Package.swift: every module of one is in the
/// other, with the same direct dependencies (issue 23: the table had left out CommandReports,
/// CTerminalGuard and the Visualizer -> KVScenario edge).
@Suite struct ArchitectureTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func theModuleTableMatchesThePackage() throws {
        let package = PackageGraph(manifest: try Self.read("Package.swift"))
        let table = PackageGraph(architecture: try Self.read("docs/ARCHITECTURE.md"))
        #expect(package.edges.count > 10 && table.edges.count > 10, "read \(package.edges.count) targets, \(table.edges.count) rows")
        let notInTable = table.missing(from: package)
        let notInPackage = package.missing(from: table)
        #expect(notInTable.isEmpty, "docs/ARCHITECTURE.md's module table lacks: \(notInTable.joined(separator: "; "))")
        #expect(notInPackage.isEmpty, "Package.swift lacks what docs/ARCHITECTURE.md's table says: \(notInPackage.joined(separator: "; "))")
    }

    @Test func bothReadersFindModulesAndEdgesAndTheirDifferences() {
        let manifest = """
            targets: [
                .target(name: "A"),
                .target(name: "B", dependencies: ["A", .product(name: "Yams", package: "Yams")]),
                .systemLibrary(name: "C", providers: [.apt(["libc-dev"])]),
                .testTarget(name: "BTests", dependencies: ["B"]),
            ]
            """
        let table = """
            ## Modules

            | module | holds | depends on |
            | --- | --- | --- |
            | `A` | a | nothing |
            | `B` (`Sources/B`) | b, with commas | A |

            ## Next
            | `D` | not in the section | A |
            """
        let package = PackageGraph(manifest: manifest)
        #expect(package.edges == ["A": [], "B": ["A", "Yams"], "C": []])
        let documented = PackageGraph(architecture: table)
        #expect(documented.edges == ["A": [], "B": ["A"]])
        #expect(documented.missing(from: package) == ["edge B -> Yams", "module C"])
        #expect(package.missing(from: documented).isEmpty)
    }
}
