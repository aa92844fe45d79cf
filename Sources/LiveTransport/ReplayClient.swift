import Foundation

/// Asks vLLM's replay socket (ROUTER) for the batches it still holds from `start` on: a DEALER
/// sends `["", start]` and reads `["", sequence, payload]` until the sequence is -1.
public enum ReplayClient {
    public struct Outcome: Sendable {
        public var frames: [KVFrame] = []
        /// Why replay stopped early, if it did (no answer in time, a malformed reply).
        public var problem: String?
    }

    public static func fetch(context: ZmqContext, endpoint: Endpoint, from start: Int64,
                             timeout: Duration = .seconds(3), maxBatches: Int = 100_000) -> Outcome {
        var outcome = Outcome()
        do {
            let socket = try ZmqSocket(context, .dealer)
            try socket.limitMessages(to: 64 << 20)
            try socket.connect(endpoint.text)
            try socket.send([[], KVFrame.sequenceBytes(start)])
            let deadline = ContinuousClock.now + timeout
            while true {
                let left = deadline - ContinuousClock.now
                let ms = Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
                guard ms > 0, socket.poll(timeoutMs: ms), let (frames, total) = try socket.receive(maxFrames: 3) else {
                    outcome.problem = "no answer from the replay socket \(endpoint) within \(timeout)"
                    return outcome
                }
                guard total == 3, frames[0].isEmpty, frames[1].count == 8 else {
                    outcome.problem = "the replay socket \(endpoint) answered \(total) frames, not empty/sequence/payload"
                    return outcome
                }
                let sequence = KVFrame.sequenceNumber(frames[1])
                if sequence == -1 { return outcome }
                outcome.frames.append(KVFrame(topic: [], sequence: sequence, payload: frames[2]))
                if outcome.frames.count >= maxBatches {
                    outcome.problem = "the replay socket sent more than \(maxBatches) batches; kept the first"
                    return outcome
                }
            }
        } catch {
            outcome.problem = "replay from \(endpoint): \(error)"
            return outcome
        }
    }
}
