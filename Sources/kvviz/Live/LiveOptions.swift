import ArgumentParser
import KVEvents
import LiveTransport
import Visualizer

/// Options `attach` reads, checked into typed values (usage errors exit 64).
struct LiveEndpoints {
    /// The KV-event publisher of each data-parallel rank, rank 0 first (one for most servers).
    var ranks: [Endpoint]
    /// The replay socket of each rank, when given.
    var replays: [Endpoint]?
    /// The `/metrics` pages: none, one for the whole server, or one per rank (rank r's at index r).
    var metrics: [(url: HTTPGet.URL, text: String)] = []

    var events: Endpoint { ranks[0] }
    /// Largest `--ranks`: vLLM runs a handful of DP ranks per node; 64 keeps the ranks line sane.
    static let maxRanks = 64

    static func parse(events: [String], ranks: Int?, replay: String?, metrics: [String], metricsPerRank: Bool = false) throws -> LiveEndpoints {
        func endpoint(_ text: String, flag: String) throws -> Endpoint {
            switch Endpoint.parse(text) {
            case let .success(value): return value
            case let .failure(error): throw CLIError.usage("\(flag): \(error.description)")
            }
        }
        guard !events.isEmpty else { throw CLIError.usage("attach: no endpoint; write e.g. kvviz attach tcp://127.0.0.1:5557") }
        var list = try events.map { try endpoint($0, flag: "attach") }
        var replays = try replay.map { [try endpoint($0, flag: "--replay")] }
        if let ranks {
            guard (1...maxRanks).contains(ranks) else {
                throw CLIError.usage("--ranks: is \(ranks); pass the number of data-parallel ranks, 1 to \(maxRanks)")
            }
            guard list.count == 1 else {
                throw CLIError.usage("--ranks: \(list.count) endpoints given; pass rank 0's endpoint only (rank r publishes on its port + r) or list every endpoint without --ranks")
            }
            for (flag, first) in [("attach", list[0]), ("--replay", replays?[0])] {
                guard let first else { continue }
                guard let port = first.port else { throw CLIError.usage("--ranks: \(flag) \(first) has no port to count from; list each rank's endpoint instead") }
                guard port + ranks - 1 <= 65535 else { throw CLIError.usage("--ranks: \(flag) \(first) + \(ranks - 1) passes port 65535; lower --ranks or the port") }
            }
            list = (0..<ranks).map { list[0].offset(by: $0) }
            replays = replays.map { first in (0..<ranks).map { first[0].offset(by: $0) } }
        } else if list.count > 1, replay != nil {
            throw CLIError.usage("--replay: one replay socket for \(list.count) endpoints; use --ranks N to derive one per rank (port + r)")
        }
        if let repeated = list.first(where: { endpoint in list.filter { $0 == endpoint }.count > 1 }) {
            throw CLIError.usage("attach: \(repeated) is given twice; list each data-parallel rank's endpoint once")
        }
        var result = LiveEndpoints(ranks: list, replays: replays)
        result.metrics = try metrics.map { text in
            if text.hasPrefix("https://") {
                throw CLIError.usage("--metrics: \(text) uses https, which is not supported; use http:// (vLLM serves /metrics over plain HTTP) or a local proxy")
            }
            guard let url = HTTPGet.URL.parse(text) else {
                throw CLIError.usage("--metrics: \(text) is not an http://HOST:PORT/PATH address; write e.g. http://127.0.0.1:8000/metrics")
            }
            return (url, text)
        }
        if metricsPerRank {
            guard result.metrics.count == 1 else {
                throw CLIError.usage("--metrics-per-rank: needs one --metrics URL (rank 0's; rank r's is on its port + r), got \(result.metrics.count)")
            }
            let base = result.metrics[0].url
            guard base.port + list.count - 1 <= 65535 else {
                throw CLIError.usage("--metrics-per-rank: port \(base.port) + \(list.count - 1) passes 65535; lower the port or the ranks")
            }
            result.metrics = (0..<list.count).map { rank in
                var url = base
                url.port += rank
                return (url, "http://\(url.host):\(url.port)\(url.path)")
            }
        } else if result.metrics.count > 1, result.metrics.count != list.count {
            throw CLIError.usage("--metrics: \(result.metrics.count) pages for \(list.count) rank\(list.count == 1 ? "" : "s"); give one for the whole server, one per rank in rank order, or one with --metrics-per-rank")
        }
        return result
    }
}

extension ConnectionState {
    func describe(_ endpoint: Endpoint, language: Language = .en) -> String {
        let zh = language == .zh
        switch self {
        case .connecting: return zh ? "正在连接 \(endpoint)…" : "connecting to \(endpoint)…"
        case .connected: return zh ? "已连接 \(endpoint)" : "connected to \(endpoint)"
        case let .refused(retries):
            return zh ? "\(endpoint) 无发布端(连接被拒, 重试 \(retries) 次); 用 --kv-events-config 启动 vLLM 或检查地址"
                : "no publisher at \(endpoint) (connection refused, \(retries) retries); start vLLM with --kv-events-config or check the address"
        case .notZmq:
            return zh ? "\(endpoint) 有服务但不是 ZMQ(握手失败); 请指向 vLLM 的 KV 事件端口(默认 5557)"
                : "\(endpoint) answers but does not speak ZMQ (handshake failed); point attach at vLLM's KV-event port (default 5557)"
        case .disconnected: return zh ? "与 \(endpoint) 的连接断开, 正在重连…" : "disconnected from \(endpoint); reconnecting…"
        }
    }
}
