import ArgumentParser
import Foundation
import Visualizer

/// `kvviz attach`: a live vLLM server's prefix cache, from its KV-event stream.
struct AttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Watch a vLLM server's prefix cache live, from its KV events (ZMQ) and /metrics.",
        discussion: """
            Start vLLM with --kv-events-config '{"enable_kv_cache_events":true,"publisher":"zmq",\
            "endpoint":"tcp://*:5557","replay_endpoint":"tcp://*:5558"}' and attach to \
            tcp://HOST:5557. A data-parallel server publishes one stream per rank (rank r on port \
            5557 + r): pass --ranks N, or every endpoint; each rank keeps its own cache, R shows the \
            next, and a line sums all ranks. The screen shows the cached blocks as prefix trees per \
            medium and KV cache group, blocks stored and removed this second, evictions, gaps in the sequence numbers; Enter shows a block's token ids. \
            With --json (and no terminal needed) it prints one JSON line per applied batch.

            Examples:
              kvviz attach tcp://127.0.0.1:5557 --metrics http://127.0.0.1:8000/metrics
              kvviz attach tcp://10.0.0.5:5557 --replay tcp://10.0.0.5:5558 --record run.kvlive
              kvviz attach tcp://127.0.0.1:5557 --json --timeout 10
              kvviz attach tcp://127.0.0.1:5557 --ranks 2 --json --timeout 10
            """)

    @Argument(help: ArgumentHelp("The server's KV-event publisher: tcp://HOST:PORT (vLLM's default port is 5557) or ipc://PATH; several for a data-parallel server (one per rank).", valueName: "endpoint"))
    var endpoint: [String] = []

    @Option(help: ArgumentHelp("Attach to N data-parallel ranks: the endpoint (and --replay) is rank 0's, rank r's is its port + r.", valueName: "N"))
    var ranks: Int?

    @Option(help: ArgumentHelp("Catch up first from the server's replay socket (vLLM's replay_endpoint).", valueName: "tcp://HOST:PORT"))
    var replay: String?

    @Option(help: ArgumentHelp("The server's Prometheus page, read once a second; give it once per data-parallel rank (in rank order) to see each rank's figures and their sum.", valueName: "http://HOST:PORT/metrics"))
    var metrics: [String] = []

    @Flag(help: "With several ranks and one --metrics: rank r's page is on that URL's port + r.")
    var metricsPerRank = false

    @Option(help: ArgumentHelp("Write every frame with its arrival time to FILE, for `kvviz replay`.", valueName: "FILE"))
    var record: String?

    @Option(help: "Subscribe to this topic only (vLLM's kv-events-config topic; default all).")
    var topic = ""

    @Flag(help: "One JSON line per applied batch on stdout instead of the screen.")
    var json = false

    @Option(parsing: .unconditional, help: ArgumentHelp("With --json: stop after this many seconds without a frame (0: never).", valueName: "SECONDS"))
    var timeout: Double = 0

    @Option(help: "Label language: en or zh (L toggles).")
    var lang: Language = .en

    @Flag(name: .customLong("no-color"), help: "No colours (also NO_COLOR).")
    var noColor = false

    func run() throws {
        let endpoints = try LiveEndpoints.parse(events: endpoint, ranks: ranks, replay: replay, metrics: metrics, metricsPerRank: metricsPerRank)
        guard timeout >= 0, timeout.isFinite else { throw CLIError(flag: "--timeout", .negativeAmount("\(timeout)", zeroMeans: "never", unit: "seconds")) }
        if json {
            try LiveJSONSession(endpoints: endpoints, topic: topic, idleTimeout: timeout, recordPath: record).run()
            return
        }
        guard TerminalCheck.isInteractive else {
            throw CLIError(flag: "attach", .notATerminal)
        }
        let (source, stop) = try AttachSource.make(endpoints: endpoints, topic: topic, recordPath: record)
        defer { stop() }
        let colors = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let status = try LiveScreenSession(colors: colors, language: lang).run(screen: LiveScreen(source: endpoints.events.description), source: source)
        if status != 0 { throw ExitCode(status) }
    }
}

