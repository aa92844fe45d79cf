import ArgumentParser

/// `kvviz demo [NAME] [--list]`: one walkthrough by name, or the list of them.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open one walkthrough by name, or list them."
    )

    @Argument(help: "The walkthrough's name (see --list), e.g. paged-attention.")
    var name: String?

    @Flag(help: "List the walkthroughs: a line each, name then title.")
    var list = false

    @OptionGroup var viewer: ViewerOptions

    func run() throws {
        try reportingErrors {
            if list || name == nil {
                let language = try viewer.language()
                for demo in try ChapterLibrary.demos() {
                    print(demo.name.padding(toLength: 24, withPad: " ", startingAt: 0) + " " + demo.title(language))
                }
                return
            }
            try Launcher.show([try ChapterLibrary.chapter(named: name!)], options: viewer)
        }
    }
}
