import ArgumentParser

/// `kvviz play FILE`: a scenario file a teacher wrote.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Open a scenario file (YAML or JSON)."
    )

    @Argument(help: "The scenario file.")
    var file: String

    @OptionGroup var viewer: ViewerOptions

    func run() throws {
        try reportingErrors {
            try Launcher.show([try ChapterLibrary.chapter(fromFile: file)], options: viewer)
        }
    }
}
