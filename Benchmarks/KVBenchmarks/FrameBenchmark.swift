import Dispatch
import Engine
import KVCore
import TerminalCanvas
import Visualizer

/// Timing of one full frame: `update(.stepForward)` plus `view` at 120x40 with an 8,000-block
/// memory-only engine serving the chat workload (300 requests), the free-queue strip on, the figure
/// the README reports and asks to keep well under 5 ms (issue 19: under 2 ms with the pictures).
public struct FrameBenchmarkResult: Sendable, Equatable {
    public let iterations: Int
    public let medianMilliseconds: Double
    public let p95Milliseconds: Double
    /// `view` alone (the drawing part of the frame), median.
    public let viewMedianMilliseconds: Double
    public let blocks: Int

    public var summary: String {
        "frame 120x40, \(blocks) blocks: median \(format(medianMilliseconds)) ms, p95 \(format(p95Milliseconds)) ms "
            + "(view alone: median \(format(viewMedianMilliseconds)) ms) over \(iterations) frames"
    }

    private func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

public enum FrameBenchmark {
    public static let blocks = 8_000

    public static func run(iterations: Int) -> FrameBenchmarkResult {
        run(iterations: iterations, chapter: chapter())
    }

    /// The same frame loop on any chapter (a walkthrough with or without its narration script).
    /// When the run ends it restarts from step 0 (untimed).
    /// `mapping`: with the logical -> physical mapping on (`m`): on 8,000 blocks the grid is
    /// aggregated, so the decoding request's table is written as the strip in the grid's title.
    public static func run(iterations: Int, chapter: Chapter, mapping: Bool = false) -> FrameBenchmarkResult {
        var state: AppState
        do {
            state = try AppState(chapters: [chapter], language: .en, colors: true,
                                 size: Size(width: 120, height: 40))
            if mapping { _ = dispatch(&state, .toggleMapping) }
        } catch {
            return FrameBenchmarkResult(iterations: 0, medianMilliseconds: 0, p95Milliseconds: 0,
                                        viewMedianMilliseconds: 0, blocks: 0)
        }
        let blocks = state.snapshot.numBlocks
        var canvas = Canvas(size: state.size)
        var samples: [Double] = []
        var viewSamples: [Double] = []
        samples.reserveCapacity(max(0, iterations))
        for _ in 0..<max(0, iterations) {
            if state.snapshot.isComplete { _ = dispatch(&state, .home) }
            let start = DispatchTime.now().uptimeNanoseconds
            _ = dispatch(&state, .stepForward)
            let drawn = DispatchTime.now().uptimeNanoseconds
            view(state, into: &canvas)
            let end = DispatchTime.now().uptimeNanoseconds
            samples.append(Double(end - start) / 1_000_000)
            viewSamples.append(Double(end - drawn) / 1_000_000)
        }
        samples.sort()
        viewSamples.sort()
        guard !samples.isEmpty else {
            return FrameBenchmarkResult(iterations: 0, medianMilliseconds: 0, p95Milliseconds: 0,
                                        viewMedianMilliseconds: 0, blocks: blocks)
        }
        let p95 = samples[min(samples.count - 1, (samples.count * 95) / 100)]
        return FrameBenchmarkResult(iterations: samples.count, medianMilliseconds: samples[samples.count / 2],
                                    p95Milliseconds: p95, viewMedianMilliseconds: viewSamples[viewSamples.count / 2],
                                    blocks: blocks)
    }

    /// The chat workload (300 requests by default) on an 8,000-block pool of 16-slot blocks, no model,
    /// with the free-queue strip on (its queue is the whole free pool: thousands of blocks).
    public static func chapter(requests: Int = 300) -> Chapter {
        var chapter = Chapter(name: "frame-bench", title: LocalizedText("frame benchmark"), summary: LocalizedText("chat x\(requests)"),
                makeEngine: {
                    var spec = WorkloadSpec.chat
                    spec.numRequests = requests
                    let workload = try WorkloadGenerator(spec: spec).generate()
                    let requests = workload.map {
                        EngineRequest(id: $0.id, arrivalStep: $0.arrivalStep, prompt: .tokens($0.promptTokens),
                                      maxTokens: max(1, $0.outputLength), samples: $0.samples)
                    }
                    let config = EngineConfig(numBlocks: blocks, blockSize: 16, mode: .memoryOnly, maxModelLen: 4096)
                    return try Engine(config: config, requests: requests)
                })
        chapter.pictures = [.freeQueue]
        return chapter
    }
}
