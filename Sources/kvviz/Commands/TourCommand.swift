import ArgumentParser

/// `kvviz` with no subcommand: the guided tour through every walkthrough in order.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "The guided tour through every walkthrough (what `kvviz` alone runs).",
        discussion: InteractiveKeys.help
    )

    @OptionGroup var viewer: ViewerOptions

    @Option(help: ArgumentHelp("Open this scenario file instead of the tour (- reads standard input).", valueName: "file"),
            completion: .file(extensions: ["yaml", "yml", "json"]))
    var scenario: String?

    func run() throws {
        let chapters = try scenario.map { [try ChapterLibrary.chapter(fromFile: $0)] }
            ?? ChapterLibrary.tour(viewer.catalog)
        try Launcher.show(chapters, options: viewer)
    }
}
