// Owned by the paging work: `kvviz bench --trace FILE [--json]`.
enum TraceBenchCLI {
    static func run(path: String, json: Bool) throws {
        throw CLIError("bench --trace: not built yet")
    }
}
