import LiveTransport

/// What is wrong with `attach`'s endpoints, `--ranks`, `--replay` and `--metrics` (and
/// `simulate --publish`), as values; `text` words each, after the flag it is about.
enum LiveFlagProblem: Equatable {
    /// An address that is not `tcp://HOST:PORT` (the parser's typed error).
    case endpoint(EndpointError)
    case noEndpoint
    /// `--ranks` outside 1 ... `maximum`.
    case rankCount(Int, maximum: Int)
    /// `--ranks` with several endpoints listed.
    case ranksWithEndpoints(Int)
    /// The endpoint `--ranks` counts ports from has none (`flag`: attach or --replay).
    case noPortToCount(flag: String, endpoint: String)
    /// The last rank's port would pass 65535.
    case pastLastPort(flag: String, endpoint: String, extraRanks: Int)
    case oneReplayForRanks(Int)
    case endpointTwice(String)
    case httpsMetrics(String)
    case notHTTPAddress(String)
    /// `--metrics-per-rank` with another number of `--metrics` than one.
    case metricsPerRankCount(Int)
    case metricsPastLastPort(port: Int, extraRanks: Int)
    /// As many `--metrics` pages as neither one nor the ranks.
    case metricsCount(pages: Int, ranks: Int)

    var text: String {
        switch self {
        case let .endpoint(error): error.description
        case .noEndpoint: "no endpoint; write e.g. kvviz attach tcp://127.0.0.1:5557"
        case let .rankCount(value, maximum): "is \(value); pass the number of data-parallel ranks, 1 to \(maximum)"
        case let .ranksWithEndpoints(count):
            "\(count) endpoints given; pass rank 0's endpoint only (rank r publishes on its port + r) or list every endpoint without --ranks"
        case let .noPortToCount(flag, endpoint): "\(flag) \(endpoint) has no port to count from; list each rank's endpoint instead"
        case let .pastLastPort(flag, endpoint, extra): "\(flag) \(endpoint) + \(extra) passes port 65535; lower --ranks or the port"
        case let .oneReplayForRanks(count): "one replay socket for \(count) endpoints; use --ranks N to derive one per rank (port + r)"
        case let .endpointTwice(endpoint): "\(endpoint) is given twice; list each data-parallel rank's endpoint once"
        case let .httpsMetrics(text):
            "\(text) uses https, which is not supported; use http:// (vLLM serves /metrics over plain HTTP) or a local proxy"
        case let .notHTTPAddress(text): "\(text) is not an http://HOST:PORT/PATH address; write e.g. http://127.0.0.1:8000/metrics"
        case let .metricsPerRankCount(count): "needs one --metrics URL (rank 0's; rank r's is on its port + r), got \(count)"
        case let .metricsPastLastPort(port, extra): "port \(port) + \(extra) passes 65535; lower the port or the ranks"
        case let .metricsCount(pages, ranks):
            "\(pages) pages for \(ranks) rank\(ranks == 1 ? "" : "s"); give one for the whole server, one per rank in rank order, or one with --metrics-per-rank"
        }
    }
}
