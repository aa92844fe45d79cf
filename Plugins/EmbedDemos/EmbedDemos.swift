import Foundation
import PackagePlugin

/// Build-tool plugin: turns the package's `demos/*.yaml|yml|json` into a Swift source that the
/// `KVDemos` target compiles, so the walkthroughs live inside the binary (a copied or installed
/// `kvviz` needs no files beside it). The plugin runs at every build and lists the folder again,
/// so an added, edited or removed demo is picked up without a regenerate step.
@main
struct EmbedDemos: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let demos = context.package.directoryURL.appending(path: "demos")
        // The chapter's walkthroughs sit in demos/, the second part's ("vLLM in practice") in
        // demos/practice/; each is embedded under its path relative to demos/.
        // Recorded walkthroughs (demos/recordings/NAME.yaml) and their recordings (.kvlive) too.
        let files = Self.scenarioFiles(in: demos) + Self.scenarioFiles(in: demos.appending(path: "practice"))
            + Self.scenarioFiles(in: demos.appending(path: "recordings"), also: [".kvlive"])
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDemoFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) walkthroughs from demos/",
                executable: try context.tool(named: "DemoEmbedder").url,
                arguments: [output.path(percentEncoded: false), demos.path(percentEncoded: false)] + files.map { $0.path(percentEncoded: false) },
                inputFiles: files,
                outputFiles: [output]),
        ]
    }

    private static func scenarioFiles(in folder: URL, also extensions: [String] = []) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))) ?? []
        return names
            .filter { name in ([".yaml", ".yml", ".json"] + extensions).contains { name.hasSuffix($0) } }
            .sorted()
            .map { folder.appending(path: $0) }
    }
}
