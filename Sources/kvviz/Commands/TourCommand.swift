import ArgumentParser

/// `kvviz` with no subcommand: the guided tour through every walkthrough in order.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "The guided tour through every walkthrough (what `kvviz` alone runs)."
    )

    @OptionGroup var viewer: ViewerOptions

    @Option(help: "Open this scenario file instead of the tour.")
    var scenario: String?

    func run() throws {
        try reportingErrors {
            let chapters = try scenario.map { [try ChapterLibrary.chapter(fromFile: $0)] }
                ?? ChapterLibrary.tour()
            try Launcher.show(chapters, options: viewer)
        }
    }
}
