import ArgumentParser
import KVEvents
import LiveTransport
import Visualizer

/// Options `attach` reads, checked into typed values (usage errors exit 64).
struct LiveEndpoints {
    var events: Endpoint
    var replay: Endpoint?
    var metrics: (url: HTTPGet.URL, text: String)?

    static func parse(events: String, replay: String?, metrics: String?) throws -> LiveEndpoints {
        func endpoint(_ text: String, flag: String) throws -> Endpoint {
            switch Endpoint.parse(text) {
            case let .success(value): return value
            case let .failure(error): throw CLIError.usage("\(flag): \(error.description)")
            }
        }
        var result = LiveEndpoints(events: try endpoint(events, flag: "attach"))
        if let replay { result.replay = try endpoint(replay, flag: "--replay") }
        if let metrics {
            if metrics.hasPrefix("https://") {
                throw CLIError.usage("--metrics: \(metrics) uses https, which is not supported; use http:// (vLLM serves /metrics over plain HTTP) or a local proxy")
            }
            guard let url = HTTPGet.URL.parse(metrics) else {
                throw CLIError.usage("--metrics: \(metrics) is not an http://HOST:PORT/PATH address; write e.g. http://127.0.0.1:8000/metrics")
            }
            result.metrics = (url, metrics)
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
