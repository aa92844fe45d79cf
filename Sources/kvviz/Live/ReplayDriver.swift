import Foundation
import KVEvents
import Visualizer

/// Plays a recording on the live screen (`kvviz replay`): step, back, seek and play at a speed,
/// over a `LiveReplay` of the frames.
enum ReplayDriver {
    /// The replay source of the live screen: keys move the position; Space plays at the
    /// recording's own pace times the speed (waits longer than a second are cut to one).
    static func source(frames: [LiveFrameRecord]) -> LiveScreenSession.Source {
        var driver = LiveReplay(frames: frames)
        var playing = false
        var speed = 1.0
        var clock = 0.0
        var last = ContinuousClock.now
        return LiveScreenSession.Source(replay: true) { screen, action in
            let now = ContinuousClock.now
            let span = now - last
            last = now
            let before = driver.position
            let rankBefore = driver.shownRank
            driver.shownRank = screen.rankIndex
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
                    driver.stepForward()
                }
                if driver.nextArrival == nil { playing = false }
            }
            let playback = LiveScreen.Playback(position: driver.position, count: frames.count, playing: playing, speed: speed, seconds: driver.currentArrival)
            var changed = driver.position != before || playback != screen.playback || driver.shownRank != rankBefore
            if driver.rankCount > 1 {
                // The ranks line (R cycles the rank shown), as attach draws it.
                let ranks = driver.caches.indices.map { LiveScreen.RankSummary(rank: $0, endpoint: "rank \($0)", cache: driver.caches[$0]) }
                if ranks != screen.ranks { screen.ranks = ranks; changed = true }
            }
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
