import Foundation
import KVEvents
import LiveTransport

/// Frames in, cache out: applies each frame to the cache with its arrival time and writes it to
/// the recording first, so a replay sees exactly what the screen saw.
struct LiveFeed {
    var cache = LiveCache()
    /// One recorder for every rank's feed: each frame is written tagged with `rank`.
    let recorder: LiveRecorder?
    let rank: Int
    let start: ContinuousClock.Instant
    var lastMetricsNumber = 0

    init(recorder: LiveRecorder?, rank: Int = 0, start: ContinuousClock.Instant = .now) {
        self.recorder = recorder
        self.rank = rank
        self.start = start
    }

    var elapsed: Double {
        let span = ContinuousClock.now - start
        return Double(span.components.seconds) + Double(span.components.attoseconds) * 1e-18
    }

    mutating func ingest(_ frame: KVFrame, kind: LiveFrameRecord.Kind) -> LiveCache.Outcome {
        let arrival = elapsed
        recorder?.write(LiveFrameRecord(kind: kind, arrival: arrival, sequence: frame.sequence, topic: frame.topic, payload: frame.payload, rank: rank))
        return cache.receive(sequence: frame.sequence, payload: frame.payload, arrival: arrival)
    }

    /// Records a new metrics page; answers the reading when it is new.
    mutating func take(_ poller: MetricsPoller?) -> MetricsPoller.Reading? {
        guard let reading = poller?.reading, reading.number != lastMetricsNumber else { return nil }
        lastMetricsNumber = reading.number
        if !reading.page.isEmpty {
            recorder?.write(LiveFrameRecord(kind: .metrics, arrival: elapsed, sequence: Int64(reading.number), payload: reading.page, rank: rank))
        }
        return reading
    }

    /// Catches up from the replay socket before the live stream (the subscriber is already
    /// connected, so nothing published meanwhile is lost; duplicates are dropped by sequence).
    mutating func catchUp(context: ZmqContext, replay: Endpoint, each: (KVFrame, LiveCache.Outcome, LiveCache) -> Void) -> String? {
        let outcome = ReplayClient.fetch(context: context, endpoint: replay, from: 0)
        for frame in outcome.frames {
            let result = ingest(frame, kind: .replayed)
            each(frame, result, cache)
        }
        return outcome.problem
    }
}

enum StandardOutput {
    static func line(_ text: String) {
        Console.out(text)
    }

    static func error(_ text: String) {
        Console.err(ErrorReport.line(text))
    }
}
