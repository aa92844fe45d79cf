import Engine
import KVCore
import KVDemos
import KVScenario
import ScenarioChapters
import Foundation
import Visualizer

/// Walkthroughs as the visualizer's chapters: the catalog's (built in, or from `--demos`) by
/// name, or any scenario file by path (`-` for standard input).
enum ChapterLibrary {
    struct Demo {
        let source: DemoSource
        let scenario: Scenario

        var name: String { source.name }

        func title(_ language: Language) -> String {
            language == .zh ? scenario.title.zh : scenario.title.en
        }
    }

    static func demos(_ catalog: DemoCatalog) throws -> [Demo] {
        try catalog.sources().map { source in
            Demo(source: source, scenario: try load(source.text, file: source.origin, name: source.stem))
        }
    }

    /// One part of the guided tour, in order: the chapter's walkthroughs (what `kvviz` alone
    /// plays), or the practice part's.
    static func tour(_ catalog: DemoCatalog, part: TourPart = .chapter, manager: BlockManagerKind = .fast) throws -> [Chapter] {
        try catalog.sources(of: part).map { try chapter(from: $0, manager: manager) }
    }

    static func chapter(named name: String, in catalog: DemoCatalog, manager: BlockManagerKind = .fast) throws -> Chapter {
        let all = try catalog.sources()
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        guard let source = all.first(where: { $0.name == name || $0.fileName == name || $0.fileName.hasPrefix(stem + ".") }) else {
            throw CLIError(flag: "walkthrough '\(name)'", .rule(.unknownWalkthrough(known: all.map(\.name))))
        }
        return try chapter(from: source, manager: manager)
    }

    /// A demo name, or a path to a scenario file (`-`: standard input).
    static func chapter(namedOrFile target: String, in catalog: DemoCatalog, manager: BlockManagerKind = .fast) throws -> Chapter {
        if target == "-" || target.contains("/") || DemoCatalog.isScenarioFile(target)
            || FileManager.default.fileExists(atPath: target) {
            return try chapter(fromFile: target, manager: manager)
        }
        return try chapter(named: target, in: catalog, manager: manager)
    }

    static func chapter(fromFile path: String, manager: BlockManagerKind = .fast) throws -> Chapter {
        let text = try ScenarioText.read(path: path)
        let name = path == "-" ? "stdin" : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let file = path == "-" ? "<stdin>" : path
        return try Chapter(ScenarioRun(load(text, file: file, name: name), file: file, manager: manager))
    }

    static func chapter(from source: DemoSource, manager: BlockManagerKind = .fast) throws -> Chapter {
        try Chapter(ScenarioRun(load(source.text, file: source.origin, name: source.stem), file: source.origin,
                                manager: manager))
    }

    private static func load(_ text: String, file: String, name: String) throws -> Scenario {
        try ScenarioLoader.load(text: text, file: file, name: name)
    }
}
