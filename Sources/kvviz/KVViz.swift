import ArgumentParser

/// The `kvviz` command: with no subcommand it starts the guided tour.
@main
struct KVViz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvviz",
        abstract: "See what an LLM inference engine does with KV-cache memory.",
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
        ],
        defaultSubcommand: TourCommand.self
    )
}
