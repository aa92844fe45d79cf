import ArgumentParser
import Foundation

/// The `kvviz` command: with no subcommand it starts the guided tour.
@main
struct KVViz: ParsableCommand {
    /// The release this binary was built from (`kvviz --version`).
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "kvviz",
        abstract: "See what an LLM inference engine does with KV-cache memory.",
        discussion: """
            Exit statuses: 0 success; 1 a runtime error (a bad scenario file, a model that does \
            not fit, a failed check, a failed write); 64 a usage error (an unknown flag, a bad \
            or out-of-range value, a missing option); 141 when the reader of standard output \
            goes away; 128+n after signal n in the interactive viewer (130 Ctrl-C, 143 SIGTERM).
            """,
        version: version,
        subcommands: [
            TourCommand.self,
            DemoCommand.self,
            PlayCommand.self,
            RenderCommand.self,
            MemoryCommand.self,
            ExplainCommand.self,
            SimulateCommand.self,
            CompareCommand.self,
            BenchCommand.self,
            DecodeCommand.self,
            AttachCommand.self,
            ReplayCommand.self,
            CheckCommand.self,
        ],
        defaultSubcommand: TourCommand.self
    )

    /// Parses, runs, and renders any error in one place (`ErrorReport`).
    static func main() {
        Console.prepareStandardStreams()
        let status: Int32
        do {
            var command = try parseAsRoot()
            try command.run()
            status = 0
        } catch {
            status = ErrorReport.exitStatus(after: error)
        }
        Foundation.exit(status)
    }
}
