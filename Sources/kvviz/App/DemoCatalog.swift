import Foundation
import KVDemos

/// One walkthrough's scenario text and where it came from.
struct DemoSource: Sendable {
    /// The short name commands take: the file name without its number prefix and extension
    /// (`06-paged-attention.yaml` -> `paged-attention`).
    let name: String
    /// The file name, whose number gives the tour's order; a practice walkthrough's starts with
    /// `practice/`.
    let fileName: String
    /// The part of the tour it belongs to (the chapter, or vLLM in practice).
    var part: TourPart { TourPart(fileName: fileName) }
    /// How errors name it: `(built in) 06-paged-attention.yaml`, or the file's path.
    let origin: String
    let text: String

    /// The file name without its extension (`06-paged-attention`): the scenario's own name.
    var stem: String { ((fileName as NSString).lastPathComponent as NSString).deletingPathExtension }
}

/// Where the walkthroughs come from: the ones built into the binary, then a folder named by
/// `--demos DIR` (or `KVVIZ_DEMOS`) whose scenario files add walkthroughs or replace a built-in
/// one of the same short name. Nothing else on disk is read: a `demos/` folder in the working
/// directory is used only when asked for (`--demos demos`).
struct DemoCatalog: Sendable {
    /// The folder to add, if any: the option wins over the environment.
    let folder: String?
    /// How the folder was named, for errors (`--demos` or `KVVIZ_DEMOS`).
    let folderSource: String

    init(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let option {
            folder = option
            folderSource = "--demos"
        } else if let value = environment["KVVIZ_DEMOS"], !value.isEmpty {
            folder = value
            folderSource = "KVVIZ_DEMOS"
        } else {
            folder = nil
            folderSource = ""
        }
    }

    /// Every walkthrough in tour order: the chapter's, then the practice part's, each by file name.
    func sources() throws -> [DemoSource] {
        var byName: [String: DemoSource] = [:]
        for file in BuiltInDemos.files {
            let name = Self.shortName(of: file.fileName)
            byName[name] = DemoSource(name: name, fileName: file.fileName, origin: "(built in) \(file.fileName)", text: file.text)
        }
        if let folder {
            for source in try Self.files(in: folder, namedBy: folderSource) + Self.practiceFiles(in: folder) {
                byName[source.name] = source
            }
        }
        return byName.values.sorted { ($0.part, $0.fileName, $0.name) < ($1.part, $1.fileName, $1.name) }
    }

    /// The walkthroughs of one part of the tour, in order.
    func sources(of part: TourPart) throws -> [DemoSource] {
        try sources().filter { $0.part == part }
    }

    /// The built-in names, for completions and help (a `--demos` folder may add more at run time).
    static var builtInNames: [String] {
        (BuiltInDemos.files + BuiltInRecordings.walkthroughs).map { shortName(of: $0.fileName) }
    }

    static func shortName(of fileName: String) -> String {
        var stem = Substring(fileName)
        if let slash = stem.lastIndex(of: "/") { stem = stem[stem.index(after: slash)...] }
        if let dot = stem.lastIndex(of: ".") { stem = stem[..<dot] }
        if let dash = stem.firstIndex(of: "-"), stem.startIndex < dash, stem[..<dash].allSatisfy(\.isNumber) {
            stem = stem[stem.index(after: dash)...]
        }
        return String(stem)
    }

    static func isScenarioFile(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json")
    }

    /// The folder's `practice/` walkthroughs, if it has that sub-folder: they join the second part.
    private static func practiceFiles(in folder: String) throws -> [DemoSource] {
        let sub = (folder as NSString).appendingPathComponent(TourPart.practice.folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: sub, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sub)) ?? []).filter(isScenarioFile).sorted()
        return try names.map { name in
            let path = (sub as NSString).appendingPathComponent(name)
            return DemoSource(name: shortName(of: name), fileName: TourPart.practice.folder + "/" + name, origin: path,
                              text: try ScenarioText.read(path: path))
        }
    }

    private static func files(in folder: String, namedBy flag: String) throws -> [DemoSource] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError(flag: "\(flag) \(folder)", .rule(.notAFolder))
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let scenarioNames = names.filter(isScenarioFile).sorted()
        guard !scenarioNames.isEmpty else {
            throw CLIError(flag: "\(flag) \(folder)", .rule(.noScenarioFiles))
        }
        return try scenarioNames.map { fileName in
            let path = (folder as NSString).appendingPathComponent(fileName)
            return DemoSource(name: shortName(of: fileName), fileName: fileName, origin: path,
                              text: try ScenarioText.read(path: path))
        }
    }
}
