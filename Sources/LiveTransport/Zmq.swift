import KVBase
import CZmq
import Foundation

/// The only code that calls libzmq: a context, sockets, multipart send and receive with a
/// timeout, and the monitor that tells a refused connection or a peer that does not speak ZMTP
/// from a quiet one.
public final class ZmqContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() {
        handle = zmq_ctx_new()
    }

    deinit { zmq_ctx_term(handle) }

    /// libzmq's version, e.g. "4.3.4".
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}

public struct ZmqError: KVVizError, Sendable {
    public let operation: String
    public let code: Int32
    public var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }

    static func last(_ operation: String) -> ZmqError { ZmqError(operation: operation, code: zmq_errno()) }
}

public final class ZmqSocket {
    public enum Kind { case pub, xpub, sub, dealer, router, pair }

    let handle: UnsafeMutableRawPointer
    let context: ZmqContext

    public init(_ context: ZmqContext, _ kind: Kind) throws {
        let type: Int32
        switch kind {
        case .pub: type = ZMQ_PUB
        case .xpub: type = ZMQ_XPUB
        case .sub: type = ZMQ_SUB
        case .dealer: type = ZMQ_DEALER
        case .router: type = ZMQ_ROUTER
        case .pair: type = ZMQ_PAIR
        }
        guard let socket = zmq_socket(context.handle, type) else { throw ZmqError.last("zmq_socket") }
        self.handle = socket
        self.context = context
        try set(ZMQ_LINGER, 0)
    }

    deinit { zmq_close(handle) }

    public func set(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else { throw ZmqError.last("zmq_setsockopt") }
    }

    public func set(_ option: Int32, int64 value: Int64) throws {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int64>.size) == 0 else { throw ZmqError.last("zmq_setsockopt") }
    }

    /// Refuses messages larger than `bytes` (libzmq drops the peer that sends one).
    public func limitMessages(to bytes: Int) throws { try set(ZMQ_MAXMSGSIZE, int64: Int64(bytes)) }

    public func subscribe(_ prefix: [UInt8]) throws {
        guard prefix.withUnsafeBytes({ zmq_setsockopt(handle, ZMQ_SUBSCRIBE, $0.baseAddress, $0.count) }) == 0 else {
            throw ZmqError.last("zmq_setsockopt(SUBSCRIBE)")
        }
    }

    public func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZmqError.last("zmq_connect") }
    }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZmqError.last("zmq_bind") }
    }

    /// Starts a monitor on `address` (inproc) for every event; read it with a `.pair` socket.
    public func monitor(_ address: String) throws {
        guard zmq_socket_monitor(handle, address, ZMQ_EVENT_ALL) == 0 else { throw ZmqError.last("zmq_socket_monitor") }
    }

    public func send(_ frames: [[UInt8]]) throws {
        for (index, frame) in frames.enumerated() {
            let flags: Int32 = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            guard sent >= 0 else { throw ZmqError.last("zmq_send") }
        }
    }

    /// True when a message can be read within `timeoutMs` (0: now, without waiting).
    public func poll(timeoutMs: Int) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        return zmq_poll(&item, 1, timeoutMs) > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
    }

    /// One multipart message, or nil when none is waiting. Parts beyond `maxFrames` are read and
    /// dropped (the count is kept), so a hostile peer cannot make kvviz hold them.
    public func receive(maxFrames: Int = 8) throws -> (frames: [[UInt8]], total: Int)? {
        var frames: [[UInt8]] = []
        var total = 0
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            let flags: Int32 = total == 0 ? ZMQ_DONTWAIT : 0
            if zmq_msg_recv(&message, handle, flags) < 0 {
                let code = zmq_errno()
                if total == 0 && (code == czmq_eagain() || code == czmq_eintr()) { return nil }
                throw ZmqError(operation: "zmq_msg_recv", code: code)
            }
            total += 1
            if frames.count < maxFrames, let data = zmq_msg_data(&message) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: zmq_msg_size(&message))))
            } else if frames.count < maxFrames {
                frames.append([])
            }
            if zmq_msg_more(&message) == 0 { return (frames, total) }
        }
    }
}

/// What the monitor of a socket reported.
public enum ZmqMonitorEvent: Equatable, Sendable {
    case connected, connectRetried, disconnected, handshakeSucceeded, handshakeFailed, closed, other(UInt16)

    /// Decodes libzmq's two-frame monitor message (event id and value, then the endpoint).
    public init(frames: [[UInt8]]) {
        guard let first = frames.first, first.count >= 2 else { self = .other(0); return }
        let id = UInt16(first[0]) | UInt16(first[1]) << 8  // host order; every platform kvviz builds on is little-endian
        switch Int32(id) {
        case ZMQ_EVENT_CONNECTED: self = .connected
        case ZMQ_EVENT_CONNECT_RETRIED: self = .connectRetried
        case ZMQ_EVENT_DISCONNECTED: self = .disconnected
        case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: self = .handshakeSucceeded
        case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: self = .handshakeFailed
        case ZMQ_EVENT_CLOSED: self = .closed
        default: self = .other(id)
        }
    }
}
