import Engine
import Foundation
import Visualizer

/// Walkthrough files as the visualizer's chapters.
enum ChapterLibrary {
    struct Demo {
        let name: String
        let file: URL
        let scenario: Scenario

        func title(_ language: Language) -> String {
            language == .zh ? scenario.title.zh : scenario.title.en
        }
    }

    static func demos() throws -> [Demo] {
        let directory = try DemoDirectory.locate()
        return try DemoDirectory.scenarioFiles(in: directory).map { file in
            Demo(name: DemoDirectory.shortName(of: file), file: file, scenario: try ScenarioLoader.load(path: relative(file)))
        }
    }

    /// Every walkthrough, in order: the guided tour.
    static func tour() throws -> [Chapter] {
        try demos().map { try chapter(fromFile: relative($0.file)) }
    }

    static func chapter(named name: String) throws -> Chapter {
        let all = try demos()
        guard let demo = all.first(where: { $0.name == name || $0.file.deletingPathExtension().lastPathComponent == name }) else {
            throw CLIError("no walkthrough named '\(name)'; see kvviz demo --list (\(all.map(\.name).joined(separator: ", ")))")
        }
        return try chapter(fromFile: relative(demo.file))
    }

    /// A demo name, or a path to a scenario file.
    static func chapter(namedOrFile target: String) throws -> Chapter {
        if target.contains("/") || target.hasSuffix(".yaml") || target.hasSuffix(".yml") || target.hasSuffix(".json")
            || FileManager.default.fileExists(atPath: target) {
            return try chapter(fromFile: target)
        }
        return try chapter(named: target)
    }

    static func chapter(fromFile path: String) throws -> Chapter {
        let run: ScenarioRun
        do {
            run = try Scenario.run(path: path)
        } catch {
            throw CLIError(error.description)
        }
        return Chapter(run)
    }

    /// Paths shown in errors read better relative to the working directory.
    private static func relative(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }
}
