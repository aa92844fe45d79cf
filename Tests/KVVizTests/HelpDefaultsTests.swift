import ArgumentParser
import Foundation
import Testing
@testable import kvviz

/// Help texts state defaults in prose; these tests read the help the user sees and compare every
/// stated default with the value the command really uses.
@Suite struct HelpDefaultsTests {
    /// Integers written before "requests" in `text` ("1,000 chat requests", "(default: 1000)" in
    /// the --requests line), commas removed.
    static func statedRequestCounts(_ text: String) -> [Int] {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        var counts: [Int] = []
        let pattern = try! NSRegularExpression(pattern: #"(\d[\d,]*) (?:[A-Za-z-]+ ){0,2}requests"#)
        for match in pattern.matches(in: flat, range: NSRange(flat.startIndex..., in: flat)) {
            let number = (flat as NSString).substring(with: match.range(at: 1)).replacingOccurrences(of: ",", with: "")
            if let value = Int(number) { counts.append(value) }
        }
        if let range = flat.range(of: #"--requests <n>\s+Requests in the workload \(default: (\d+)\)"#, options: .regularExpression) {
            let digits = flat[range].split(separator: "(").last?.filter(\.isNumber) ?? ""
            if let value = Int(digits) { counts.append(value) }
        }
        return counts
    }

    @Test func compareHelpStatesItsRealDefaults() {
        let help = CompareCommand.helpMessage(columns: 1000)
        let stated = Self.statedRequestCounts(help.components(separatedBy: "Examples:").first ?? help)
        #expect(!stated.isEmpty)
        #expect(stated.allSatisfy { $0 == CompareCommand.defaults.requests },
                "compare --help states \(stated), the default is \(CompareCommand.defaults.requests)")
        #expect(help.contains(CompareCommand.defaults.model.uppercased()) || help.contains(CompareCommand.defaults.model))
    }

    @Test func simulateHelpStatesItsRealDefaults() {
        let help = SimulateCommand.helpMessage(columns: 1000)
        let stated = Self.statedRequestCounts(help.components(separatedBy: "Examples:").first ?? help)
        #expect(stated.allSatisfy { $0 == SimulateCommand.defaults.requests },
                "simulate --help states \(stated), the default is \(SimulateCommand.defaults.requests)")
        #expect(help.contains(SimulateCommand.defaults.model) && help.contains(SimulateCommand.defaults.gpu))
    }

    /// The parser prints "(default: X)" from the property's initial value; checks that a few
    /// documented ones are what the README and DESIGN promise.
    @Test func parserDefaultsAreTheDocumentedOnes() throws {
        let render = try RenderCommand.parse(["paged-attention"])
        #expect(render.size == "120x40" && render.format == .text && render.steps == nil)
        #expect(render.viewer.speed == 2)
        #expect(RenderCommand.helpMessage(columns: 1000).contains("(default: 120x40)"))
    }
}

@Suite struct ErrorReportTests {
    func report(_ error: Error) -> (Int32, String) {
        var text = ""
        let status = ErrorReport.exitStatus(after: error) { line, _ in text += line }
        return (status, text)
    }

    @Test func usageErrorsExit64RuntimeErrors1() {
        #expect(report(CLIError(flag: "--size", .sizeOutOfRange("1x1"))).0 == 64)
        #expect(report(CLIError(.unfinished(completed: 3, requests: 4, steps: 9))).0 == 1)
        #expect(report(ExitCode(130)).0 == 130)
        do {
            _ = try DemoCommand.parseAsRoot(["demo", "--lang", "xx"])
            Issue.record("--lang xx parsed")
        } catch {
            let (status, text) = report(error)
            #expect(status == 64)
            #expect(text.contains("'en' and 'zh'"))
        }
    }

    @Test func everyErrorIsOneEscapedLine() {
        let (status, text) = report(CLIError(.cannotCreateFolder("\u{1B}]0;pwned\u{07}\nsecond line", reason: "denied")))
        #expect(status == 1)
        #expect(text == "kvviz: cannot create the folder \\e]0;pwned\\u{7}\\nsecond line: denied\n")
    }
}

@Suite struct DemoCatalogTests {
    @Test func builtInsNeedNoFiles() throws {
        let sources = try DemoCatalog(option: nil, environment: [:]).sources()
        #expect(sources.count >= 11)
        #expect(sources.first?.name == "why-kv-cache")
        #expect(sources.allSatisfy { $0.origin.hasPrefix("(built in)") })
    }

    @Test func aFolderReplacesAndAdds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kvviz-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "title: {en: mine, zh: 我的}\n".write(to: folder.appendingPathComponent("06-paged-attention.yaml"), atomically: true, encoding: .utf8)
        try "title: {en: extra, zh: 额外}\n".write(to: folder.appendingPathComponent("99-extra.yaml"), atomically: true, encoding: .utf8)
        let sources = try DemoCatalog(option: nil, environment: ["KVVIZ_DEMOS": folder.path]).sources()
        let paged = try #require(sources.first { $0.name == "paged-attention" })
        #expect(paged.text.contains("mine") && paged.origin.hasSuffix("06-paged-attention.yaml") && !paged.origin.hasPrefix("(built in)"))
        #expect(sources.last { $0.part == .chapter }?.name == "extra")
        #expect(sources.filter { $0.name == "paged-attention" }.count == 1)
    }

    /// `kvviz tour` plays the chapter, `kvviz tour practice` the second part; short names drop
    /// the folder and the number (`practice/02-kv-cache-usage.yaml` -> `kv-cache-usage`).
    @Test func theTourHasTwoParts() throws {
        let catalog = DemoCatalog(option: nil, environment: [:])
        let chapter = try catalog.sources(of: .chapter)
        let practice = try catalog.sources(of: .practice)
        #expect(chapter.count == 12 && chapter.first?.name == "why-kv-cache" && chapter.last?.name == "serving-run")
        #expect(practice.count >= 4 && practice.first?.name == "prefix-hit-rate")
        #expect(practice.allSatisfy { $0.fileName.hasPrefix("practice/") && !$0.name.contains("/") })
        #expect(try catalog.sources().map(\.name) == (chapter + practice).map(\.name))
        #expect(DemoCatalog.shortName(of: "practice/02-kv-cache-usage.yaml") == "kv-cache-usage")
        #expect(try ChapterLibrary.tour(catalog).count == 12)
        #expect(try ChapterLibrary.tour(catalog, part: .practice).count == practice.count)
        #expect(TourCommand.parseOrExit(["practice"]).part == .practice)
        #expect(TourCommand.parseOrExit([]).part == .chapter)
    }

    @Test func aFolderMayAddPracticeWalkthroughs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kvviz-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("practice"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "title: {en: extra, zh: 额外}\n".write(to: folder.appendingPathComponent("99-extra.yaml"), atomically: true, encoding: .utf8)
        try "title: {en: mine, zh: 我的}\n".write(to: folder.appendingPathComponent("practice/01-prefix-hit-rate.yaml"), atomically: true, encoding: .utf8)
        let catalog = DemoCatalog(option: folder.path, environment: [:])
        let practice = try catalog.sources(of: .practice)
        #expect(practice.first { $0.name == "prefix-hit-rate" }?.text.contains("mine") == true)
        #expect(try catalog.sources(of: .chapter).last?.name == "extra")
    }

    @Test func aMissingFolderIsAUsageError() {
        #expect(throws: CLIError.self) { try DemoCatalog(option: "/nonexistent/demos").sources() }
    }
}

@Suite struct ComparePoolHelpTests {
    /// compare --help states the pool the default run uses: 983 blocks, 15,728 slots.
    @Test func compareHelpStatesThePoolItRuns() throws {
        let help = CompareCommand.helpMessage(columns: 1000)
        let options = try WorkloadOptions.parse([])
        let configuration = try options.configuration(CompareCommand.defaults)
        #expect(help.contains("\(configuration.numBlocks) blocks of 16"), "\(configuration.numBlocks)")
        #expect(help.contains(ByteCountText.grouped(configuration.numBlocks * 16) + " token slots"))
    }
}

private enum ByteCountText {
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}
