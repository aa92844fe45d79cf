import ArgumentParser
import KVBase
import KVDemos

/// `kvviz demo [NAME] [--list]`: one walkthrough by name, or the list of them.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open one walkthrough by name, or list them.",
        discussion: InteractiveKeys.help
    )

    @Argument(help: ArgumentHelp("The walkthrough's name, e.g. paged-attention (see --list).", valueName: "name"))
    var name: DemoName?

    @Flag(help: "List the walkthroughs by part of the tour (the chapter, vLLM in practice): a line each, name then title.")
    var list = false

    @OptionGroup var viewer: ViewerOptions

    func run() throws {
        guard let name, !list else {
            let language = try viewer.language()
            let demos = try ChapterLibrary.demos(viewer.catalog).map { ($0.source.part, $0.name, $0.title(language)) }
                + RecordedLibrary.demos(viewer.catalog).map { ($0.source.part, $0.name, $0.title(language)) }
            for part in TourPart.allCases {
                let inPart = demos.filter { $0.0 == part }
                guard !inPart.isEmpty else { continue }
                if part != TourPart.allCases.first { Console.out("") }
                let command = part == .chapter ? "kvviz tour" : "kvviz tour \(part.rawValue)"
                Console.out((language == .zh ? part.title.zh : part.title.en) + " (\(command))")
                for (_, name, title) in inPart {
                    // Names come from file names and titles from files in --demos: escaped.
                    let name = SafeText.escaped(name)
                    Console.out(name.padding(toLength: max(24, name.count), withPad: " ", startingAt: 0) + " "
                        + SafeText.onScreen(title))
                }
            }
            return
        }
        if let recorded = try RecordedLibrary.demo(named: name.name, in: viewer.catalog) {
            try Launcher.show([], recorded: [recorded], options: viewer)
            return
        }
        try Launcher.show([try ChapterLibrary.chapter(named: name.name, in: viewer.catalog, manager: viewer.manager)], options: viewer)
    }
}
