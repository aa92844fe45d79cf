import ArgumentParser

struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tour", abstract: "(in development)")
    func run() throws {
        try reportingErrors { throw CLIError("'tour' is not built yet") }
    }
}
