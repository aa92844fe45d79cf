import Foundation

/// Publishes batches as vLLM's `ZmqEventPublisher` does: a PUB socket sending `[topic,
/// sequence, payload]`, sequence numbers from 0, and an optional ROUTER replay socket that
/// resends the buffered batches from a requested number and ends with -1. The socket is an
/// XPUB (the same wire protocol to subscribers), so `waitForSubscriber` can hold the first
/// batch until someone listens.
public final class KVEventPublisher {
    let pub: ZmqSocket
    let replay: ZmqSocket?
    let topic: [UInt8]
    public private(set) var nextSequence: Int64 = 0
    var buffer: [(Int64, [UInt8])] = []
    let bufferSteps: Int

    public init(context: ZmqContext, endpoint: Endpoint, replayEndpoint: Endpoint? = nil, topic: String = "", bufferSteps: Int = 10_000) throws {
        pub = try ZmqSocket(context, .xpub)
        try pub.set(23 /* ZMQ_SNDHWM */, 100_000)
        try pub.bind(endpoint.text)
        if let replayEndpoint {
            let socket = try ZmqSocket(context, .router)
            try socket.bind(replayEndpoint.text)
            replay = socket
        } else {
            replay = nil
        }
        self.topic = Array(topic.utf8)
        self.bufferSteps = bufferSteps
    }

    /// Waits until a subscriber arrives (true) or `timeoutMs` passes (false), answering replay
    /// requests meanwhile.
    public func waitForSubscriber(timeoutMs: Int) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        while ContinuousClock.now < deadline {
            serviceReplay()
            if pub.poll(timeoutMs: 100), let (frames, _) = try? pub.receive(maxFrames: 1), frames.first?.first == 1 { return true }
        }
        return false
    }

    public func publish(_ payload: [UInt8]) throws {
        serviceReplay()
        try pub.send([topic, KVFrame.sequenceBytes(nextSequence), payload])
        buffer.append((nextSequence, payload))
        if buffer.count > bufferSteps { buffer.removeFirst(buffer.count - bufferSteps) }
        nextSequence += 1
    }

    /// Answers the replay requests waiting now.
    public func serviceReplay() {
        guard let replay else { return }
        while let (frames, total) = try? replay.receive(maxFrames: 3) {
            guard total == 3, frames[2].count == 8 else { continue }
            let start = KVFrame.sequenceNumber(frames[2])
            for (sequence, payload) in buffer where sequence >= start {
                try? replay.send([frames[0], [], KVFrame.sequenceBytes(sequence), payload])
            }
            try? replay.send([frames[0], [], KVFrame.sequenceBytes(-1), []])
        }
    }
}
