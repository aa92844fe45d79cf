import ArgumentParser
import KVBase

/// `kvviz demo [NAME] [--list]`: one walkthrough by name, or the list of them.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open one walkthrough by name, or list them.",
        discussion: InteractiveKeys.help
    )

    @Argument(help: ArgumentHelp("The walkthrough's name, e.g. paged-attention (see --list).", valueName: "name"))
    var name: DemoName?

    @Flag(help: "List the walkthroughs: a line each, name then title.")
    var list = false

    @OptionGroup var viewer: ViewerOptions

    func run() throws {
        guard let name, !list else {
            let language = try viewer.language()
            for demo in try ChapterLibrary.demos(viewer.catalog) {
                // Names come from file names and titles from files in --demos: escaped.
                let name = SafeText.escaped(demo.name)
                Console.out(name.padding(toLength: max(24, name.count), withPad: " ", startingAt: 0) + " "
                    + SafeText.onScreen(demo.title(language)))
            }
            return
        }
        try Launcher.show([try ChapterLibrary.chapter(named: name.name, in: viewer.catalog)], options: viewer)
    }
}
