import Engine
import KVCore

/// The headless engine figures (README, Performance): `kvviz simulate`'s default run (1,000 chat
/// requests on LLaMA-2-7B / H100-80GB) timed, then an `Engine` stepped forward 10,000 steps and
/// back through every one of them, with the process's peak RSS (VmHWM) before and after, to
/// show that the history of a long run stays bounded.
public struct EngineBenchmarkResult: Sendable, Equatable {
    public let simulation: SimulationReport
    public let forwardSteps: Int
    public let forwardSeconds: Double
    public let backSteps: Int
    public let backSeconds: Double
    public let peakRSSBefore: Int?
    public let peakRSSAfterForward: Int?
    public let peakRSSAfterBack: Int?
    public let isDebugBuild: Bool

    public var forwardStepsPerSecond: Double { forwardSeconds > 0 ? Double(forwardSteps) / forwardSeconds : 0 }
    public var backStepsPerSecond: Double { backSeconds > 0 ? Double(backSteps) / backSeconds : 0 }
    /// Steps back per second over steps forward per second (goal: at least 0.5).
    public var backForwardRatio: Double { forwardStepsPerSecond > 0 ? backStepsPerSecond / forwardStepsPerSecond : 0 }

    public var summary: String {
        func mib(_ bytes: Int?) -> String { bytes.map { ByteCount.binary($0) } ?? "unknown" }
        var lines = [
            "simulate (1,000 chat requests, llama-2-7b on h100-80gb): \(simulation.steps) steps in "
                + "\(fixed(simulation.wallSeconds, 3)) s = \(Int(simulation.stepsPerSecond.rounded())) steps/s, "
                + "\(simulation.completedRequests)/\(simulation.requests) completed, \(simulation.preemptions) preemptions",
            "engine forward: \(forwardSteps) steps in \(fixed(forwardSeconds, 3)) s = \(Int(forwardStepsPerSecond.rounded())) steps/s",
            "engine back:    \(backSteps) single steps back in \(fixed(backSeconds, 3)) s = \(Int(backStepsPerSecond.rounded())) steps/s",
            "back/forward:   \(fixed(backForwardRatio, 2)) (goal: at least 0.5)",
            "peak RSS (VmHWM): \(mib(peakRSSBefore)) before, \(mib(peakRSSAfterForward)) after forward, "
                + "\(mib(peakRSSAfterBack)) after back",
        ]
        if isDebugBuild {
            lines.append("build: debug (the block manager checks invariants after every mutation); use -c release for figures")
        }
        return lines.joined(separator: "\n")
    }

    private func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        guard digits > 0 else { return String(whole) }
        return "\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }
}

public enum EngineBenchmark {
    /// `kvviz simulate`'s defaults with `requests` chat requests.
    public static func configuration(requests: Int) throws -> RunConfiguration {
        let plan = try MemoryPlan(MemoryPlan.Configuration(model: try ModelPreset.named("llama-2-7b"),
                                                           gpu: try GPUPreset.named("h100-80gb")))
        var spec = WorkloadSpec.chat
        spec.numRequests = requests
        return RunConfiguration(workload: spec, numBlocks: plan.numBlocks, blockSize: 16,
                                capacitySource: "llama-2-7b on h100-80gb", kvBytesPerToken: plan.kvBytesPerToken)
    }

    /// Runs the whole benchmark; `engineSteps` forward then back (10,000 by default). The engine
    /// serves chat traffic long enough to last that many steps (one arrival per step).
    public static func run(engineSteps: Int = 10_000) throws -> EngineBenchmarkResult {
        let simulation = try Simulation.run(try WorkloadRun(configuration(requests: 1_000)))
        let before = ProcessMemory.peakResidentBytes()

        let longRun = try WorkloadRun(configuration(requests: engineSteps + engineSteps / 10))
        var engine = try longRun.makeEngine()
        let clock = ContinuousClock()
        var start = clock.now
        while engine.step < engineSteps, !engine.isComplete { engine.stepForward() }
        let forwardSteps = engine.step
        let forward = seconds(start.duration(to: clock.now))
        let afterForward = ProcessMemory.peakResidentBytes()

        start = clock.now
        while engine.step > 0 { engine.stepBack() }
        let back = seconds(start.duration(to: clock.now))
        let afterBack = ProcessMemory.peakResidentBytes()

        var debug = false
        assert({ debug = true; return true }())
        return EngineBenchmarkResult(simulation: simulation, forwardSteps: forwardSteps, forwardSeconds: forward,
                                     backSteps: forwardSteps, backSeconds: back, peakRSSBefore: before,
                                     peakRSSAfterForward: afterForward, peakRSSAfterBack: afterBack,
                                     isDebugBuild: debug)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
