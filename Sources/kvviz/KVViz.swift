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
            not fit, a failed check); 64 a usage error (an unknown flag or value, a bad number); \
            130 Ctrl-C and 143 SIGTERM in the interactive viewer.
            """,
        version: version,
        subcommands: [
            TourCommand.self,
            DemoCommand.self,
            PlayCommand.self,
            RenderCommand.self,
            MemoryCommand.self,
            SimulateCommand.self,
            CompareCommand.self,
            BenchCommand.self,
            DecodeCommand.self,
            CheckCommand.self,
        ],
        defaultSubcommand: TourCommand.self
    )

    /// Parses, runs, and renders any error in one place (`ErrorReport`).
    static func main() {
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
