import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The beam tree and the CPU swap pool, frozen at the walkthrough steps that teach them: 80x24
/// and 120x40, English and Chinese (plain text), 120x40 English in colour (ANSI).
@Suite struct BeamSwapGoldenTests {
    enum Scene: String, CaseIterable {
        /// beam-search when a beam is dropped (a dashed branch) and A forks again.
        case beamDropped = "beam-tree-dropped"
        /// beam-search's copy-on-write step: A's copy, A3 dropped, A4 forked.
        case beamCopy = "beam-tree-copy"
        /// preemption's second round: H's blocks copied out to the CPU pool.
        case swapOut = "swap-pool-out"
        /// ... and copied back in.
        case swapIn = "swap-pool-in"
    }

    static func state(_ scene: Scene, size: Size, language: Language, colors: Bool) throws -> AppState {
        let file = scene == .swapOut || scene == .swapIn ? "11-preemption.yaml" : "10-beam-search.yaml"
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: language, colors: colors, size: size)
        let reached: (Snapshot) -> Bool
        switch scene {
        case .beamDropped:
            reached = { $0.events.contains { if case .beamDropped = $0 { true } else { false } } }
        case .beamCopy:
            reached = { snapshot in
                snapshot.events.contains { if case .beamDropped = $0 { true } else { false } }
                    && snapshot.events.contains { if case .paging(.copiedOnWrite) = $0 { true } else { false } }
            }
        case .swapOut:
            reached = { !($0.swap?.swappedOut.isEmpty ?? true) }
        case .swapIn:
            reached = { !($0.swap?.swappedIn.isEmpty ?? true) }
        }
        while !reached(state.snapshot), !state.engine.isComplete { _ = dispatch(&state, .stepForward) }
        try #require(reached(state.snapshot), "\(file) never reaches \(scene)")
        return state
    }

    @Test(arguments: Scene.allCases)
    func plainTextFrames(scene: Scene) throws {
        for size in GoldenFrameTests.sizes {
            for language in Language.allCases {
                let state = try Self.state(scene, size: size, language: language, colors: false)
                Golden.check(Fixtures.render(state).plainText(), named: "\(scene.rawValue)-\(size.width)x\(size.height)-\(language.rawValue)")
            }
        }
    }

    @Test(arguments: Scene.allCases)
    func colourFrame(scene: Scene) throws {
        let state = try Self.state(scene, size: Size(width: 120, height: 40), language: .en, colors: true)
        Golden.check(Fixtures.render(state).ansi(), named: "\(scene.rawValue)-120x40-en.ansi")
    }

    /// The pool drawn is the snapshot's: each CPU block's owner and this step's moves, and the
    /// bytes one block's size times the blocks moved.
    @Test(arguments: [Scene.swapOut, .swapIn], GoldenFrameTests.sizes)
    func swapPoolIsTheSnapshotsPool(scene: Scene, size: Size) throws {
        let state = try Self.state(scene, size: size, language: .en, colors: false)
        let swap = try #require(state.snapshot.swap)
        let rect = state.layout.swapPool
        try #require(!rect.isEmpty, "no CPU pool panel at \(size)")
        let cells = SwapPool.cells(swap)
        #expect(cells.count == swap.cpuBlocks)
        #expect(cells.filter { $0.owner != nil }.count == swap.cpuUsedBlocks)
        let out = Set(swap.swappedOut.flatMap(\.cpu))
        let back = Set(swap.swappedIn.flatMap(\.cpu))
        for (index, cell) in cells.enumerated() {
            #expect((cell.move == .out) == out.contains(index))
            #expect((cell.move == .back) == back.contains(index))
        }
        let canvas = Fixtures.render(state)
        let text = (rect.y..<rect.maxY).map { y in
            (rect.x..<rect.maxX).map { String(canvas[$0, y].glyph) }.joined()
        }.joined(separator: "\n")
        #expect(text.contains("CPU pool \(swap.cpuUsedBlocks)/\(swap.cpuBlocks)"), "\(text)")
        let marks = text.filter { $0 == (scene == .swapOut ? "↓" : "↑") }.count
        #expect(marks == (scene == .swapOut ? out.count : back.count) + 1, "\(text)")
        let bytes = try #require(swap.bytesMovedThisStep)
        let moved = (swap.swappedOut + swap.swappedIn).reduce(0) { $0 + $1.gpu.count }
        #expect(bytes == moved * (state.snapshot.memory?.blockBytes ?? 0))
        #expect(text.contains(ByteCount.binary(bytes, fractionDigits: 1)), "\(text)")
        // The GPU grid keeps a cell per block beside the pool.
        #expect(state.gridGeometry.blocksPerCell == 1)
    }
}
