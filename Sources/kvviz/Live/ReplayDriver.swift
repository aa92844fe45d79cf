import Foundation
import KVEvents
import Visualizer

/// Plays a recording on the live screen: step, back, seek and play at a speed. The cache at
/// frame p is the frames before p applied in order; keyframes every 256 frames keep a step
/// back or a seek to at most 256 re-applied frames.
struct ReplayDriver {
    let frames: [LiveFrameRecord]
    private var keyframes: [(cache: LiveCache, metrics: ServerMetrics?)] = []
    private(set) var position = 0
    private(set) var cache = LiveCache()
    private(set) var metrics: ServerMetrics?
    private(set) var metricsProblem: String?
    static let keyframeEvery = 256

    init(frames: [LiveFrameRecord]) {
        self.frames = frames
        keyframes = [(LiveCache(), nil)]
    }

    /// Applies frame `position` and moves past it.
    mutating func stepForward() -> LiveCache.Outcome? {
        guard position < frames.count else { return nil }
        let frame = frames[position]
        var outcome: LiveCache.Outcome?
        switch frame.kind {
        case .metrics:
            do { metrics = try ServerMetrics.parse(frame.payload); metricsProblem = nil } catch { metricsProblem = "\(error)" }
        case .live, .replayed:
            outcome = cache.receive(sequence: frame.sequence, payload: frame.payload, arrival: frame.arrival)
        }
        position += 1
        if position % Self.keyframeEvery == 0, keyframes.count == position / Self.keyframeEvery { keyframes.append((cache, metrics)) }
        return outcome
    }

    mutating func seek(to target: Int) {
        let target = max(0, min(target, frames.count))
        if target < position || target - position > Self.keyframeEvery {
            let index = min(target / Self.keyframeEvery, keyframes.count - 1)
            (cache, metrics) = keyframes[index]
            position = index * Self.keyframeEvery
        }
        while position < target { _ = stepForward() }
    }

    /// The arrival time of the next frame (nil at the end).
    var nextArrival: Double? { position < frames.count ? frames[position].arrival : nil }
    var currentArrival: Double { position > 0 ? frames[position - 1].arrival : 0 }

    /// The replay source of the live screen: keys move the position; Space plays at the
    /// recording's own pace times the speed (waits longer than a second are cut to one).
    static func source(frames: [LiveFrameRecord]) -> LiveScreenSession.Source {
        var driver = ReplayDriver(frames: frames)
        var playing = false
        var speed = 1.0
        var clock = 0.0
        var last = ContinuousClock.now
        return LiveScreenSession.Source(replay: true) { screen, action in
            let now = ContinuousClock.now
            let span = now - last
            last = now
            let before = driver.position
            switch action {
            case .togglePlay?: playing.toggle(); clock = driver.currentArrival
            case let .step(delta)?: playing = false; driver.seek(to: driver.position + delta)
            case let .speed(factor)?: speed = max(1.0 / 16, min(64, speed * factor))
            case let .seek(share)?: driver.seek(to: driver.position + Int(share * Double(frames.count)))
            case .home?: playing = false; driver.seek(to: 0)
            case .end?: playing = false; driver.seek(to: frames.count)
            default: break
            }
            if playing {
                clock += (Double(span.components.seconds) + Double(span.components.attoseconds) * 1e-18) * speed
                while let next = driver.nextArrival {
                    if next - clock > 1 { clock = next - 1 }
                    guard next <= clock else { break }
                    _ = driver.stepForward()
                }
                if driver.nextArrival == nil { playing = false }
            }
            let playback = LiveScreen.Playback(position: driver.position, count: frames.count, playing: playing, speed: speed, seconds: driver.currentArrival)
            let changed = driver.position != before || playback != screen.playback
            if changed {
                screen.playback = playback
                screen.cache = driver.cache
                screen.metrics = driver.metrics
                screen.metricsProblem = driver.metricsProblem
                screen.connection = "recording: \(frames.count) frames over \(Int(frames.last?.arrival ?? 0)) s"
            }
            return changed
        }
    }
}
