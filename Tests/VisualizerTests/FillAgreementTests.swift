import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The grid and the block tables draw one fill (`SlotFill` in the snapshot): checked for every
/// block at every step of every walkthrough, against the owners' own token counts.
@Suite("Table and grid fill agree")
struct FillAgreementTests {
    @Test(arguments: DemoWalkthroughTests.files)
    func tableAndGridAgreeAtEveryStep(file: String) throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: .en, colors: false,
                                 size: Size(width: 120, height: 40))
        var steps = 0
        while true {
            try Self.check(state, file: file)
            if state.engine.isComplete || steps >= 400 { break }
            _ = dispatch(&state, .stepForward)
            steps += 1
        }
    }

    static func check(_ state: AppState, file: String) throws {
        let frame = Frame(state: state)
        let snapshot = state.snapshot
        let size = snapshot.blockSize
        let place = "\(file) step \(snapshot.step)"
        for request in snapshot.requests {
            for (logical, block) in request.blockTable.enumerated() {
                let view = snapshot.blocks[block.index]
                let tableFill = BlockTables.fill(frame, block: block)
                #expect(tableFill == view.fill, "\(place): \(request.label) logical \(logical) #\(block.index)")
                // The glyphs the table draws are the glyphs the grid draws for that block.
                let grid = BlockGrid.slotGlyphs(frame, view, style: .plain).text
                let table = BlockTables.inlineEntry(frame, request: request, logical: logical, block: block)
                if size <= 8 {
                    #expect(table.contains { $0.text == grid }, "\(place): table \(table.map(\.text)) vs grid \(grid)")
                }
                // The fill matches what the owner itself has stored and knows.
                guard request.status == .running else { continue }
                let start = logical * size
                #expect(view.fill.stored == min(size, max(0, request.numComputedTokens - start)),
                        "\(place): \(request.label) #\(block.index) stored \(view.fill.stored), computed \(request.numComputedTokens)")
                #expect(view.fill.used >= min(size, max(0, request.numTokens - start)),
                        "\(place): \(request.label) #\(block.index) used \(view.fill.used), tokens \(request.numTokens)")
                #expect(view.fill.used <= size)
            }
        }
        for block in snapshot.blocks where block.refCount == 0 {
            if block.hash == nil {
                #expect(block.fill == .empty, "\(place): free clean #\(block.id.index) drawn \(block.fill)")
            } else {
                #expect(block.fill == SlotFill(stored: size, pending: 0), "\(place): cached #\(block.id.index)")
            }
        }
    }
}
