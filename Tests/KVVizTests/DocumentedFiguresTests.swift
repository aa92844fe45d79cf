import Foundation
import Testing
import Visualizer
@testable import kvviz

/// The README and the help texts state keys and figures; these tests compare them with what the
/// program really has (issue 24: the README's key list lacked `c`, `compare --help` said 826
/// blocks where the run sizes 832).
@Suite struct DocumentedFiguresTests {
    static let readme: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    /// The keys one help entry names: "→n ←b" is the four keys →, n, ← and b.
    static func tokens(_ key: String) -> [String] {
        key.split(separator: " ").flatMap { token -> [String] in
            if let first = token.first, "→←".contains(first), token.count > 1 { return [String(first), String(token.dropFirst())] }
            return [String(token)]
        }
    }

    /// The README paragraph that starts with "Keys:".
    static var readmeKeys: String {
        guard let start = readme.range(of: "Keys: ") else { return "" }
        let rest = readme[start.lowerBound...]
        return String(rest[..<(rest.range(of: "Options:")?.lowerBound ?? rest.endIndex)])
    }

    @Test func everyKeyOfTheHelpOverlayIsInTheReadme() {
        let paragraph = Self.readmeKeys
        #expect(!paragraph.isEmpty, "README has no Keys: paragraph")
        let names: [String: String] = ["→": "Right", "←": "Left", "↑↓": "Up/Down", "click": "click"]
        for entry in KeyHelp.entries where !entry.key.isEmpty {
            for token in Self.tokens(entry.key) {
                let word = names[token] ?? token
                #expect(paragraph.contains(word) || paragraph.contains(token),
                        "README's key list lacks \(token) (\(entry.en))")
            }
        }
    }

    @Test func everyKeyOfTheHelpOverlayIsInTheManPage() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("docs/man/kvviz.1"), encoding: .utf8)
        let keys = page.components(separatedBy: ".Ss Keys").last?.components(separatedBy: ".Ss ").first ?? ""
        for entry in KeyHelp.entries where !entry.key.isEmpty && entry.key != "click" {
            for token in Self.tokens(entry.key) {
                let spaced = token == "↑↓" ? "↑ ↓" : token
                #expect(keys.contains(spaced) || keys.contains("\\&" + spaced), "the man page's key table lacks \(token)")
            }
        }
        #expect(page.contains(".Sh EXIT STATUS") && page.contains(".It 64") && page.contains(".Sh ENVIRONMENT"))
    }

    @Test func compareHelpStatesTheBlocksTheRunSizes() throws {
        let help = CompareCommand.helpMessage(columns: 1000)
        let match = try #require(help.firstMatch(of: #/(\d+) blocks of (\d+) = /#))
        let command = try CompareCommand.parse([])
        let configuration = try command.options.configuration(CompareCommand.defaults)
        #expect(Int(match.1) == configuration.numBlocks, "help says \(match.1) blocks, the run has \(configuration.numBlocks)")
        #expect(Int(match.2) == configuration.blockSize)
        #expect(Self.readme.contains("\(configuration.numBlocks) blocks of \(configuration.blockSize)"),
                "the README does not state the \(configuration.numBlocks) blocks compare runs with")
    }
}
