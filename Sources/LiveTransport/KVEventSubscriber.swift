import KVBase
import CZmq
import Foundation

/// One message of vLLM's KV-event stream: topic, 8-byte big-endian sequence number, payload.
public struct KVFrame: Equatable, Sendable {
    public var topic: [UInt8]
    public var sequence: Int64
    public var payload: [UInt8]

    public init(topic: [UInt8], sequence: Int64, payload: [UInt8]) {
        self.topic = topic
        self.sequence = sequence
        self.payload = payload
    }

    /// The frames as they travel: `[topic, sequence, payload]`, or why they are not that.
    public static func parse(_ frames: [[UInt8]], total: Int) -> Result<KVFrame, FrameError> {
        guard total == 3 else { return .failure(FrameError("a message of \(total) frames, not topic/sequence/payload")) }
        guard frames[1].count == 8 else { return .failure(FrameError("a sequence frame of \(frames[1].count) bytes, not 8")) }
        return .success(KVFrame(topic: frames[0], sequence: sequenceNumber(frames[1]), payload: frames[2]))
    }

    public static func sequenceNumber(_ bytes: [UInt8]) -> Int64 {
        Int64(bitPattern: bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
    }

    public static func sequenceBytes(_ sequence: Int64) -> [UInt8] {
        let value = UInt64(bitPattern: sequence)
        return (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(56 - 8 * $0)) }
    }
}

public struct FrameError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// How the connection to the publisher stands, from libzmq's monitor.
public enum ConnectionState: Equatable, Sendable {
    case connecting
    case connected
    /// Nothing listens there (libzmq retries; `retries` so far).
    case refused(retries: Int)
    /// Something listens but does not speak ZMTP (an HTTP server, say).
    case notZmq
    case disconnected
}

/// A SUB socket on vLLM's PUB endpoint, read without blocking from the app's loop.
public final class KVEventSubscriber {
    public let endpoint: Endpoint
    let socket: ZmqSocket
    let monitor: ZmqSocket
    public private(set) var connection = ConnectionState.connecting

    public init(context: ZmqContext, endpoint: Endpoint, topic: String = "") throws {
        self.endpoint = endpoint
        socket = try ZmqSocket(context, .sub)
        try socket.limitMessages(to: 64 << 20)
        try socket.set(ZMQ_RCVHWM, 100_000)
        try socket.set(ZMQ_HANDSHAKE_IVL, 3_000)
        try socket.set(ZMQ_RECONNECT_IVL, 500)
        let address = "inproc://kvviz-monitor-\(ObjectIdentifier(socket).hashValue)"
        try socket.monitor(address)
        monitor = try ZmqSocket(context, .pair)
        try monitor.connect(address)
        try socket.subscribe(Array(topic.utf8))
        try socket.connect(endpoint.text)
    }

    /// Reads what the monitor reported since the last call.
    public func updateConnection() {
        while let (frames, _) = try? monitor.receive(maxFrames: 2) {
            switch ZmqMonitorEvent(frames: frames) {
            case .connected: connection = .connected
            case .handshakeSucceeded: connection = .connected
            case .connectRetried:
                if case let .refused(retries) = connection { connection = .refused(retries: retries + 1) }
                else if connection != .notZmq { connection = .refused(retries: 1) }
            case .handshakeFailed: connection = .notZmq
            case .disconnected: if connection != .notZmq { connection = .disconnected }
            default: break
            }
        }
    }

    /// Waits up to `timeoutMs` for a message, then drains at most `limit` of them.
    public func receive(timeoutMs: Int, limit: Int = 10_000) -> [Result<KVFrame, FrameError>] {
        var out: [Result<KVFrame, FrameError>] = []
        if timeoutMs > 0, !socket.poll(timeoutMs: timeoutMs) { updateConnection(); return out }
        while out.count < limit, let message = try? socket.receive(maxFrames: 3) {
            out.append(KVFrame.parse(message.frames, total: message.total))
        }
        updateConnection()
        if !out.isEmpty, connection != .connected { connection = .connected }
        return out
    }
}
