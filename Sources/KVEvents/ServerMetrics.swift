import KVBase

/// The figures kvviz reads from a vLLM server's Prometheus `/metrics` page (text exposition
/// format): every series of a name is summed (one per engine or model), counters are read with
/// or without their `_total` suffix, and `vllm:cache_config_info`'s labels are kept.
public struct ServerMetrics: Equatable, Sendable {
    /// `vllm:kv_cache_usage_perc` (older: `vllm:gpu_cache_usage_perc`): a share of blocks, 0...1.
    public var usage: Double?
    public var running: Double?
    public var waiting: Double?
    /// Prefix-cache lookups and hits, in tokens, since the server started.
    public var prefixQueries: Double?
    public var prefixHits: Double?
    public var preemptions: Double?
    /// Labels of `vllm:cache_config_info` (`num_gpu_blocks`, `block_size`, ...).
    public var cacheConfig: [String: String] = [:]

    public init() {}

    public var hitRate: Double? {
        guard let queries = prefixQueries, let hits = prefixHits, queries > 0 else { return nil }
        return hits / queries
    }

    public var poolBlocks: Int? { cacheConfig["num_gpu_blocks"].flatMap { Int($0) } }
    public var blockSize: Int? { cacheConfig["block_size"].flatMap { Int($0) } }

    public struct Failure: KVVizError, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Reads a page; fails on what is not a vLLM metrics page (HTML, no `vllm:` series).
    public static func parse(_ body: [UInt8]) throws(Failure) -> ServerMetrics {
        let text = String(decoding: body, as: UTF8.self)
        let start = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        if start.hasPrefix("<") { throw Failure(description: "the page is HTML, not Prometheus text") }
        var metrics = ServerMetrics()
        var sawVLLM = false
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) where !line.hasPrefix("#") {
            guard let (name, labels, value) = sample(line) else { continue }
            guard name.hasPrefix("vllm:") else { continue }
            sawVLLM = true
            func add(_ field: inout Double?) { field = (field ?? 0) + value }
            switch name {
            case "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc": add(&metrics.usage)
            case "vllm:num_requests_running": add(&metrics.running)
            case "vllm:num_requests_waiting": add(&metrics.waiting)
            case "vllm:prefix_cache_queries", "vllm:prefix_cache_queries_total", "vllm:gpu_prefix_cache_queries_total": add(&metrics.prefixQueries)
            case "vllm:prefix_cache_hits", "vllm:prefix_cache_hits_total", "vllm:gpu_prefix_cache_hits_total": add(&metrics.prefixHits)
            case "vllm:num_preemptions", "vllm:num_preemptions_total": add(&metrics.preemptions)
            case "vllm:cache_config_info": metrics.cacheConfig.merge(labels) { first, _ in first }
            default: break
            }
        }
        guard sawVLLM else { throw Failure(description: "the page has no vllm: metrics (is it a vLLM server's /metrics?)") }
        return metrics
    }

    /// `name{a="1",b="x"} value [timestamp]`, or nil for a line that is not a sample.
    static func sample(_ line: Substring) -> (String, [String: String], Double)? {
        var labels: [String: String] = [:]
        var rest: Substring
        let name: Substring
        if let brace = line.firstIndex(of: "{") {
            name = line[..<brace]
            guard let close = line.lastIndex(of: "}"), close > brace else { return nil }
            labels = parseLabels(line[line.index(after: brace)..<close])
            rest = line[line.index(after: close)...]
        } else {
            guard let space = line.firstIndex(of: " ") else { return nil }
            name = line[..<space]
            rest = line[space...]
        }
        let fields = rest.split(separator: " ")
        guard let first = fields.first, let value = Double(first) ?? (first == "NaN" ? Double.nan : nil) else { return nil }
        return (String(name), labels, value)
    }

    static func parseLabels(_ text: Substring) -> [String: String] {
        var labels: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            guard let equals = text[index...].firstIndex(of: "="), text.index(after: equals) < text.endIndex,
                  text[text.index(after: equals)] == "\"" else { break }
            let key = text[index..<equals].trimmingPrefix(",").filter { $0 != " " }
            var value = ""
            var cursor = text.index(equals, offsetBy: 2)
            while cursor < text.endIndex, text[cursor] != "\"" {
                if text[cursor] == "\\", text.index(after: cursor) < text.endIndex { cursor = text.index(after: cursor) }
                value.append(text[cursor])
                cursor = text.index(after: cursor)
            }
            labels[String(key)] = value
            index = cursor < text.endIndex ? text.index(after: cursor) : cursor
        }
        return labels
    }
}
