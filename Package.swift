// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "kvviz",
    // macOS 15 for the Synchronization module's Atomic (the signal flags of CursesBackend).
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kvviz", targets: ["kvviz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: Shared basics (the one JSON writer; no dependencies)
        .target(name: "KVBase"),

        // MARK: A live vLLM server (msgpack, its KV events, the prefix cache they describe; no I/O)
        .target(name: "MsgPack", dependencies: ["KVBase"]),
        .target(name: "KVEvents", dependencies: ["MsgPack", "KVBase"]),
        // The system's libzmq, wrapped like ncurses; LiveTransport is the only code that calls it
        // (and the only code that opens sockets: ZMQ, and the /metrics HTTP GET).
        .systemLibrary(name: "CZmq", providers: [.apt(["libzmq3-dev"]), .brew(["zeromq"])]),
        .target(name: "LiveTransport", dependencies: ["CZmq", "KVBase"]),

        // MARK: Simulation core (no terminal, no UI)
        .target(name: "KVCore", dependencies: ["KVBase"]),
        .target(name: "ToyDecoder", dependencies: ["KVBase"]),
        .target(name: "Engine", dependencies: ["KVBase", "KVCore", "ToyDecoder"]),
        // MARK: Narration (cues, scopes, templates and the figures they quote, `expect:` checks; no YAML, no UI)
        .target(name: "Narration", dependencies: ["KVBase", "KVCore", "Engine"]),

        // MARK: Walkthrough files (YAML -> typed, validated Scenario -> an engine configuration)
        .target(
            name: "KVScenario",
            dependencies: ["KVBase", "KVCore", "ToyDecoder", "Engine", "Narration", .product(name: "Yams", package: "Yams")]
        ),

        // MARK: The walkthroughs, compiled in (demos/*.yaml as string literals, generated at build time)
        .target(name: "KVDemos", plugins: ["EmbedDemos"]),
        .executableTarget(name: "DemoEmbedder"),
        .plugin(name: "EmbedDemos", capability: .buildTool(), dependencies: ["DemoEmbedder"]),

        // MARK: Presentation
        .target(name: "TerminalCanvas", dependencies: ["KVBase"]),
        .target(name: "Visualizer", dependencies: ["Engine", "Narration", "KVCore", "TerminalCanvas", "KVEvents"]),
        // A walkthrough file made into a chapter of the app (the one place KVScenario meets Visualizer)
        .target(name: "ScenarioChapters", dependencies: ["KVScenario", "Visualizer", "Engine"]),
        // MARK: The narration checker (`kvviz check`, the walkthrough tests): every cue against its screen
        .target(name: "NarrationCheck", dependencies: ["Engine", "Narration", "KVCore", "TerminalCanvas", "Visualizer", "KVEvents"]),
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "CTerminalGuard"),
        // Linux links the wide-character ncursesw; macOS's system ncurses has the wide API in
        // libncurses itself (with _XOPEN_SOURCE_EXTENDED, set in CNcurses/shim.h).
        .target(
            name: "CursesBackend",
            dependencies: ["CNcurses", "CTerminalGuard", "TerminalCanvas", "KVBase"],
            linkerSettings: [
                .linkedLibrary("ncursesw", .when(platforms: [.linux])),
                .linkedLibrary("ncurses", .when(platforms: [.macOS])),
            ]
        ),

        // MARK: Command-line reports (text and JSON of memory, compare, simulate, explain, decode)
        .target(name: "Reports", dependencies: ["KVBase", "KVCore", "Engine", "ToyDecoder", "TerminalCanvas"]),

        // MARK: Benchmarks (every suite of `kvviz bench`, its text and JSON)
        .target(
            name: "KVBenchmarks",
            dependencies: ["KVCore", "ToyDecoder", "Engine", "Visualizer", "TerminalCanvas", "KVEvents", "KVBase"],
            path: "Benchmarks/KVBenchmarks"
        ),

        // MARK: The executable
        .executableTarget(
            name: "kvviz",
            dependencies: [
                "KVBase", "KVCore", "ToyDecoder", "Engine", "Narration", "KVScenario", "ScenarioChapters", "TerminalCanvas", "Visualizer", "CursesBackend", "KVDemos",
                "KVBenchmarks", "Reports", "KVEvents", "LiveTransport", "MsgPack", "NarrationCheck",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests
        .testTarget(name: "KVBaseTests", dependencies: ["KVBase"]),
        .testTarget(name: "KVCoreTests", dependencies: ["KVCore", "KVBase"]),
        .testTarget(name: "KVDemosTests", dependencies: ["KVDemos"]),
        .testTarget(name: "MsgPackTests", dependencies: ["MsgPack", "KVBase"]),
        .testTarget(name: "KVEventsTests", dependencies: ["KVEvents", "MsgPack", "KVBase"], exclude: ["Fixtures/make_fixtures.py"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KVVizTests", dependencies: ["kvviz"]),
        .testTarget(
            name: "ToyDecoderTests",
            dependencies: ["ToyDecoder", "KVBase"],
            exclude: ["KernelReference/kernel_reference.py"]  // writes KernelReferenceValues.swift
        ),
        // EngineTests builds some runs from scenario text (KVScenario); the Engine module itself does not.
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Narration", "KVScenario", "KVCore", "ToyDecoder", "KVBase"]),
        .testTarget(name: "KVScenarioTests", dependencies: ["KVScenario", "Engine", "Narration", "KVCore", "KVBase", "TerminalCanvas"]),
        .testTarget(name: "TerminalCanvasTests", dependencies: ["TerminalCanvas", "KVBase"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "KVCore", "Engine", "ToyDecoder", "TerminalCanvas"]),
        .testTarget(name: "NarrationCheckTests", dependencies: ["NarrationCheck", "Visualizer", "ScenarioChapters", "KVScenario", "Engine", "Narration", "TerminalCanvas"]),
        .testTarget(
            name: "VisualizerTests",
            dependencies: ["Visualizer", "ScenarioChapters", "Engine", "Narration", "KVScenario", "KVCore", "TerminalCanvas", "KVEvents"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
