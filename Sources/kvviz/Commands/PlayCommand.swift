import ArgumentParser

/// `kvviz play FILE`: a scenario file a teacher wrote (`-` reads it from standard input).
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Open a scenario file (YAML or JSON; - reads standard input).",
        discussion: InteractiveKeys.help
    )

    @Argument(help: ArgumentHelp("The scenario file, or - for standard input.", valueName: "file"),
              completion: .file(extensions: ["yaml", "yml", "json"]))
    var file: String

    @OptionGroup var viewer: ViewerOptions

    func run() throws {
        let chapter = try ChapterLibrary.chapter(fromFile: file, manager: viewer.manager)
        if file == "-" { ScenarioText.reattachTerminalInput() }
        try Launcher.show([chapter], options: viewer)
    }
}
