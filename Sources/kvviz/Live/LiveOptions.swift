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
            case let .failure(error): throw CLIError(flag: flag, .live(.endpoint(error)))
            }
        }
        guard !events.isEmpty else { throw CLIError(flag: "attach", .live(.noEndpoint)) }
        var list = try events.map { try endpoint($0, flag: "attach") }
        var replays = try replay.map { [try endpoint($0, flag: "--replay")] }
        if let ranks {
            guard (1...maxRanks).contains(ranks) else {
                throw CLIError(flag: "--ranks", .live(.rankCount(ranks, maximum: maxRanks)))
            }
            guard list.count == 1 else {
                throw CLIError(flag: "--ranks", .live(.ranksWithEndpoints(list.count)))
            }
            for (flag, first) in [("attach", list[0]), ("--replay", replays?[0])] {
                guard let first else { continue }
                guard let port = first.port else { throw CLIError(flag: "--ranks", .live(.noPortToCount(flag: flag, endpoint: "\(first)"))) }
                guard port + ranks - 1 <= 65535 else { throw CLIError(flag: "--ranks", .live(.pastLastPort(flag: flag, endpoint: "\(first)", extraRanks: ranks - 1))) }
            }
            list = (0..<ranks).map { list[0].offset(by: $0) }
            replays = replays.map { first in (0..<ranks).map { first[0].offset(by: $0) } }
        } else if list.count > 1, replay != nil {
            throw CLIError(flag: "--replay", .live(.oneReplayForRanks(list.count)))
        }
        if let repeated = list.first(where: { endpoint in list.filter { $0 == endpoint }.count > 1 }) {
            throw CLIError(flag: "attach", .live(.endpointTwice("\(repeated)")))
        }
        var result = LiveEndpoints(ranks: list, replays: replays)
        result.metrics = try metrics.map { text in
            if text.hasPrefix("https://") {
                throw CLIError(flag: "--metrics", .live(.httpsMetrics(text)))
            }
            guard let url = HTTPGet.URL.parse(text) else {
                throw CLIError(flag: "--metrics", .live(.notHTTPAddress(text)))
            }
            return (url, text)
        }
        if metricsPerRank {
            guard result.metrics.count == 1 else {
                throw CLIError(flag: "--metrics-per-rank", .live(.metricsPerRankCount(result.metrics.count)))
            }
            let base = result.metrics[0].url
            guard base.port + list.count - 1 <= 65535 else {
                throw CLIError(flag: "--metrics-per-rank", .live(.metricsPastLastPort(port: base.port, extraRanks: list.count - 1)))
            }
            result.metrics = (0..<list.count).map { rank in
                var url = base
                url.port += rank
                return (url, "http://\(url.host):\(url.port)\(url.path)")
            }
        } else if result.metrics.count > 1, result.metrics.count != list.count {
            throw CLIError(flag: "--metrics", .live(.metricsCount(pages: result.metrics.count, ranks: list.count)))
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
