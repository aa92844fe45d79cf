import Engine
import Foundation
import KVCore
import KVScenario
import TerminalCanvas
import Testing
@testable import Visualizer

/// What a hybrid screen (`kv_groups`) says per KV-cache group, at the golden state of
/// `HybridGoldenTests` (step 4: A decodes its token at position 33, so its query attends to
/// positions 0...33 in the full group and to 26...33, the window of 8, in the sliding group):
/// the read in each group, the inspector, the legend's `~` mark, and both requests' tables fitting
/// at 80x24. Figures by hand: full 34 K/V in ceil(34 / 4) = 9 blocks; sliding 8 K/V in logical
/// blocks 26 / 4 = 6 to 33 / 4 = 8, 3 blocks.
@Suite struct HybridViewTests {
    static let slidingFirst = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scenarios/hybrid-sliding-first.yaml").path

    static let expectedReads = [GroupRead(attention: .full, firstLogical: 0, blocks: 9, kv: 34),
                                GroupRead(attention: .slidingWindow(8), firstLogical: 6, blocks: 3, kv: 8)]

    @Test func theQueryReadsEveryFullBlockAndOnlyTheWindowsBlocks() throws {
        let state = try HybridGoldenTests.state(size: Size(width: 120, height: 40), language: .en)
        let frame = Frame(state: state)
        let reader = try #require(frame.highlight.request)
        let read = try #require(state.snapshot.changeList.reads.first { $0.request == reader })
        #expect(read.groups == Self.expectedReads)
        #expect(frame.highlight.groupReads == Self.expectedReads)
        let request = try #require(state.snapshot.request(reader))
        // Full group: every block numbered by its logical index; sliding: blocks 6...8 only.
        for (logical, block) in request.blockTable.enumerated() {
            #expect(frame.highlight.logical(of: block.index) == logical)
        }
        let sliding = request.groupTables[1].blocks
        #expect(sliding.prefix(6).allSatisfy { $0 == nil }, "blocks behind the window went back to the pool")
        for logical in 6...8 {
            let block = try #require(sliding[logical])
            #expect(frame.highlight.windowLogical(of: block.index) == logical)
            #expect(frame.highlight.logical(of: block.index) == nil)
        }
        // The other request's sliding blocks are not read.
        for other in state.snapshot.holders.map({ state.snapshot.requests[$0] }) where other.id != reader {
            for block in other.groupTables[1].blocks.compactMap({ $0 }) {
                #expect(frame.highlight.windowLogical(of: block.index) == nil)
            }
        }
    }

    @Test func everySizeAndLanguageSaysEachGroupsReadExplainsTheMarkAndFitsBothTables() throws {
        for size in GoldenFrameTests.sizes {
            for language in Language.allCases {
                let state = try HybridGoldenTests.state(size: size, language: language)
                let rows = Fixtures.render(state).plainText().split(separator: "\n").map(String.init)
                let context = "\(size.width)x\(size.height) \(language.rawValue)"
                let strip = language == .en ? "A reads 9 blocks / 34 K/V (full) + 3 / 8 (~8)"
                                            : "A 读取 9 块 / 34 个 K/V（全量）+ 3 块 / 8 个（~8）"
                #expect(rows.contains { $0.contains(strip) }, "\(context): the change strip")
                let legend = try #require(rows.first { $0.hasPrefix("└ ▪") }, "\(context): the grid's legend")
                #expect(legend.contains(language == .en ? "A~ window" : "A~ 滑动窗口组"), "\(context): \(legend)")
                #expect(rows.contains { $0.contains("B~") }, "\(context): the grid marks a sliding block")
                // Both requests' tables whole: B's last sliding block (#21) in a table row, nothing hidden.
                #expect(!rows.contains { $0.contains("more lines") || $0.contains("还有") }, "\(context)")
                #expect(rows.contains { $0.contains("~8") && $0.contains("#12 #20 #21") }, "\(context)")
            }
        }
    }

    @Test func theInspectorNamesTheGroupAndWhatTheQueryReadsThere() throws {
        for size in GoldenFrameTests.sizes {
            for language in Language.allCases {
                var state = try HybridGoldenTests.state(size: size, language: language)
                let reader = try #require(Frame(state: state).highlight.request)
                let request = try #require(state.snapshot.request(reader))
                let windowBlock = try #require(request.groupTables[1].blocks[6])
                state.inspected = windowBlock
                let text = Fixtures.render(state).plainText()
                let context = "\(size.width)x\(size.height) \(language.rawValue)"
                if language == .en {
                    #expect(text.contains("A logical 6 in ~8"), "\(context)")
                    #expect(text.contains("A's query reads it: 3 blocks / 8 K/V in ~8 (its window)"), "\(context)")
                    #expect(text.contains("read KVCore/Paging/Hybrid/HybridKVCacheManager.swift"), "\(context)")
                } else {
                    #expect(text.contains("A ~8组逻辑块 6"), "\(context)")
                    #expect(text.contains("A 的查询读它：~8组读 3 块 / 8 个 K/V（窗口内）"), "\(context)")
                }
                let frame = Frame(state: state)
                let fullBlock = request.blockTable[0]
                let line = Inspector.groupRead(frame, frame.snapshot.blocks[fullBlock.index])
                #expect(line == frame.tr("A's query reads it: 9 blocks / 34 K/V in full (every token)",
                                         "A 的查询读它：全量组读 9 块 / 34 个 K/V（全部 token）"))
            }
        }
    }

    /// `kv_groups: [sliding 8, full]`: the primary table is group 1's, and every owner names the
    /// group whose table holds the block, so the grid marks exactly the sliding group's blocks.
    @Test func aSlidingGroupListedFirstIsStillTheOneMarked() throws {
        var state = try AppState(chapters: [Chapter(Scenario.run(path: Self.slidingFirst))], language: .en,
                                 colors: false, size: Size(width: 120, height: 40))
        while !HybridGoldenTests.freedBehindWindow(state.snapshot), !state.engine.isComplete { _ = dispatch(&state, .stepForward) }
        let snapshot = state.snapshot
        try #require(HybridGoldenTests.freedBehindWindow(snapshot))
        #expect(snapshot.kvGroups == [.slidingWindow(8), .full])
        let text = Fixtures.render(state).plainText()
        var marked = 0
        for block in snapshot.blocks {
            for owner in block.owners {
                let request = try #require(snapshot.request(owner.request))
                #expect(request.groupTables[owner.group].blocks[owner.logicalIndex] == block.id)
            }
            guard let owner = block.owners.first else { continue }
            let label = frame(state).label(owner.request)
            if owner.group == 0 {
                #expect(text.contains("#\(block.id.index)─\(label)~\(owner.logicalIndex)"))
                marked += 1
            } else {
                #expect(!text.contains("#\(block.id.index)─\(label)~"))
            }
        }
        #expect(marked > 0)
    }

    private func frame(_ state: AppState) -> Frame { Frame(state: state) }
}
