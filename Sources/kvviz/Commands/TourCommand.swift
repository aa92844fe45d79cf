import ArgumentParser
import KVDemos

/// `kvviz` with no subcommand: the guided tour through the chapter's walkthroughs in order;
/// `kvviz tour practice`: its second part, vLLM in practice.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "The guided tour: the chapter's walkthroughs (what `kvviz` alone runs), or `tour practice`, vLLM in practice.",
        discussion: InteractiveKeys.help
    )

    @Argument(help: ArgumentHelp("The part to play: chapter (the default) or practice (vLLM in practice).", valueName: "part"))
    var part: TourPart = .chapter

    @OptionGroup var viewer: ViewerOptions

    @Option(help: ArgumentHelp("Open this scenario file instead of the tour (- reads standard input).", valueName: "file"),
            completion: .file(extensions: ["yaml", "yml", "json"]))
    var scenario: String?

    func run() throws {
        let chapters = try scenario.map { [try ChapterLibrary.chapter(fromFile: $0, manager: viewer.manager)] }
            ?? ChapterLibrary.tour(viewer.catalog, part: part, manager: viewer.manager)
        // The practice part ends with the walkthroughs over recordings of a server's KV events.
        let recorded = scenario == nil && part == .practice ? try RecordedLibrary.demos(viewer.catalog) : []
        try Launcher.show(chapters, recorded: recorded, options: viewer)
    }
}
