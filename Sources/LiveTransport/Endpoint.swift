import KVBase

/// A ZMQ endpoint as the command line gives it: `tcp://HOST:PORT` (a `*` host binds every
/// interface, for publishing) or `ipc://PATH`.
public struct Endpoint: Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public let host: String
    public let port: Int?

    public var description: String { text }

    /// Reads `text`, or names what is wrong with it and how to write it.
    public static func parse(_ text: String) -> Result<Endpoint, EndpointError> {
        if text.hasPrefix("ipc://"), text.count > 6 { return .success(Endpoint(text: text, host: String(text.dropFirst(6)), port: nil)) }
        guard text.hasPrefix("tcp://") else { return .failure(EndpointError(text: text, reason: "is not a tcp:// or ipc:// address")) }
        let rest = text.dropFirst(6)
        guard let colon = rest.lastIndex(of: ":") else { return .failure(EndpointError(text: text, reason: "has no port")) }
        let host = String(rest[..<colon])
        guard !host.isEmpty else { return .failure(EndpointError(text: text, reason: "has no host")) }
        guard let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port) else {
            return .failure(EndpointError(text: text, reason: "has no port between 1 and 65535"))
        }
        return .success(Endpoint(text: text, host: host, port: port))
    }

    /// The endpoint of data-parallel rank `rank`: vLLM's publisher of rank r binds port + r.
    public func offset(by rank: Int) -> Endpoint {
        guard rank > 0, let port else { return self }
        return Endpoint(text: "tcp://\(host):\(port + rank)", host: host, port: port + rank)
    }
}

public struct EndpointError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "\(text) \(reason); write tcp://HOST:PORT, e.g. tcp://127.0.0.1:5557" }
}
