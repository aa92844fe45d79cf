import ArgumentParser
import Foundation
import KVCore
import KVBase
import NarrationCheck
import TerminalCanvas
import Visualizer

/// `kvviz check NAME|FILE ...`: plays a walkthrough to its end in both languages, at 80x24 and
/// 120x40, in every view, contiguous policy and prefix-caching setting, and prints every cue
/// that says what its screen does not show: a false `expect:` claim, a stale or contradicted
/// figure, a figure cut from the screen, a figure with no value, a missing translation.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that every cue of a walkthrough says what its screen shows.",
        discussion: """
            Each problem is one line, file:line: cue N, step S: [mode] what is wrong. The exit \
            status is 1 when there is any, 0 when there is none. With no argument, checks every \
            built-in walkthrough.
            """
    )

    @Argument(help: ArgumentHelp("Walkthrough names (kvviz demo --list) or scenario files; none: every built-in one.",
                                 valueName: "name|file"),
              completion: .file(extensions: ["yaml", "yml", "json"]))
    var targets: [String] = []

    @Option(help: ArgumentHelp("Another folder of walkthroughs to look names up in.", valueName: "dir"))
    var demos: String?

    @Option(help: ArgumentHelp("The block manager the walkthroughs run on: fast, or reference (the plain one).",
                               valueName: "fast|reference"))
    var manager: BlockManagerKind = .fast

    @Flag(help: "Only the file's own contiguous policy and prefix-caching setting, only 120x40 (faster).")
    var quick = false

    func run() throws {
        let catalog = DemoCatalog(option: demos)
        var checked: [(Chapter, String)] = []
        var recorded: [RecordedDemo] = []
        if targets.isEmpty {
            for source in try catalog.sources() {
                checked.append((try ChapterLibrary.chapter(from: source, manager: manager), Self.shownName(source)))
            }
            recorded = try RecordedLibrary.demos(catalog)
        } else {
            for target in targets {
                if let demo = try RecordedLibrary.demo(named: target, in: catalog) ?? Self.recordedFile(target) {
                    recorded.append(demo)
                    continue
                }
                let chapter = try ChapterLibrary.chapter(namedOrFile: target, in: catalog, manager: manager)
                let isFile = target == "-" || target.contains("/") || DemoCatalog.isScenarioFile(target)
                    || FileManager.default.fileExists(atPath: target)
                let stem = target.split(separator: ".").first.map(String.init) ?? target
                let source = isFile ? nil : try catalog.sources().first {
                    $0.name == target || $0.fileName == target || $0.fileName.hasPrefix(stem + ".")
                }
                checked.append((chapter, source.map(Self.shownName) ?? (target == "-" ? "<stdin>" : target)))
            }
        }
        var checker = NarrationChecker()
        if quick {
            checker = NarrationChecker(screens: Language.allCases.map { .init(Size(width: 120, height: 40), $0) },
                                       everyPolicy: false, bothPrefixSettings: false)
        }
        var count = 0
        for (chapter, file) in checked {
            let problems = try checker.check(chapter, file: file)
            for problem in problems { Console.out(SafeText.escaped("\(problem)")) }
            count += problems.count
        }
        let recordedChecker = RecordedWalkthroughChecker(screens: quick ? checker.screens : NarrationChecker.allScreens)
        for demo in recorded {
            let problems = recordedChecker.check(demo.walkthrough, frames: demo.frames, file: Self.shownName(demo.source))
            for problem in problems { Console.out(SafeText.escaped("\(problem)")) }
            count += problems.count
        }
        let total = checked.count + recorded.count
        guard count == 0 else {
            throw CLIError(.checkFailed(count: count, walkthroughs: total))
        }
        print("kvviz check: \(total) walkthrough\(total == 1 ? "" : "s"), every cue holds on its screen")
    }

    /// A recorded walkthrough named by its path (a file with a `recording:` key, beside its .kvlive).
    static func recordedFile(_ target: String) throws -> RecordedDemo? {
        guard DemoCatalog.isScenarioFile(target), FileManager.default.fileExists(atPath: target),
              let text = try? ScenarioText.read(path: target), text.contains("\nrecording:") || text.hasPrefix("recording:") else { return nil }
        let name = DemoCatalog.shortName(of: (target as NSString).lastPathComponent)
        return try RecordedLibrary.load(DemoSource(name: name, fileName: (target as NSString).lastPathComponent, origin: target, text: text))
    }

    /// A built-in walkthrough by the file in demos/ it was built from.
    static func shownName(_ source: DemoSource) -> String {
        source.origin.hasPrefix("(built in)") ? "demos/\(source.fileName)" : source.origin
    }
}
