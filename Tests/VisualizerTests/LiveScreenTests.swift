import KVEvents
import TerminalCanvas
import Testing
@testable import Visualizer

@Suite("The live prefix-cache screen")
struct LiveScreenTests {
    static func screen(_ events: [KVEvent], size: Size = Size(width: 120, height: 40)) -> LiveScreen {
        var screen = LiveScreen(source: "tcp://127.0.0.1:5557")
        let payload = KVEventEncoder.encode(EventBatch(timestamp: 1, events: events), as: .map)
        _ = screen.cache.receive(sequence: 0, payload: payload, arrival: 0)
        screen.size = size
        screen.refresh()
        return screen
    }

    static func stored(_ hashes: [BlockHash], parent: BlockHash?, medium: String? = nil) -> KVEvent {
        .stored(BlockStored(blockHashes: hashes, parentBlockHash: parent, tokenIDs: hashes.flatMap { [Int32($0), Int32($0) + 1] }, blockSize: 2, medium: medium))
    }

    @Test func treesAreDepthFirstLargestFirstAndOrphansMarked() {
        let screen = Self.screen([Self.stored([1, 2, 3], parent: nil), Self.stored([4], parent: 2), Self.stored([9], parent: 77),
                                  Self.stored([5, 6], parent: 6)])  // 6 -> 5 -> 6: a cycle of parents
        let trees = screen.trees?.trees ?? []
        #expect(trees.map(\.blocks.count) == [4, 2, 1])
        #expect(trees[0].blocks.map(\.hash) == [1, 2, 3, 4] && trees[0].blocks.map(\.depth) == [0, 1, 2, 2])
        #expect(trees[2].root == 9 && trees[2].orphan)
        #expect(screen.trees?.blockCount == 7)
    }

    @Test func theScreenShowsTreesCountersAndTheInspectedBlock() {
        var screen = Self.screen([Self.stored([1, 2, 3], parent: nil), Self.stored([8], parent: nil, medium: "CPU")])
        screen.update(.move(1))
        screen.update(.inspect)
        var canvas = Canvas(size: screen.size)
        LiveView.draw(screen, on: &canvas)
        let text = canvas.plainText()
        #expect(text.contains("GPU/0 3 blocks 1 tree   CPU/0 1 block 1 tree"))
        #expect(text.contains("T1·3     ▣■■"))
        #expect(text.contains("token ids: 2 3"))
        #expect(text.contains("parent 0x1"))
        screen.update(.nextTier)
        #expect(screen.currentTier == CacheTier(medium: "CPU", group: 0) && screen.trees?.blockCount == 1)
    }

    /// The root (`▣`) and the last batch's blocks (`◆`) are marked alike with and without
    /// colour, so the help and the recorded cues naming them hold in both; without colour the
    /// other blocks carry their tree's letter instead of its colour.
    @Test func treeMarksAreTheSameWithoutColour() {
        var screen = Self.screen([Self.stored([1, 2, 3], parent: nil), Self.stored([8, 9], parent: nil)])
        screen.fresh = [9]
        for (colors, first, second) in [(true, "T1·3     ▣■■", "T2·2     ▣◆"), (false, "T1·3     ▣AA", "T2·2     ▣◆")] {
            screen.appearance = Appearance(colors: colors)
            var canvas = Canvas(size: screen.size)
            LiveView.draw(screen, on: &canvas)
            let text = canvas.plainText()
            #expect(text.contains(first) && text.contains(second), "colors \(colors)\n\(text)")
        }
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 40, height: 10), Size(width: 0, height: 0)])
    func everySizeDrawsInChineseAndEnglish(size: Size) {
        var events: [KVEvent] = []
        for index in 0..<300 {
            let root = BlockHash(index) * 10 + 1
            events.append(Self.stored([root, root + 1], parent: nil))
        }
        var screen = Self.screen(events, size: size)
        for language in Language.allCases {
            screen.language = language
            screen.cursor = 0
            var canvas = Canvas(size: size)
            LiveView.draw(screen, on: &canvas)
            let text = canvas.plainText()
            if size.width >= 80 && size.height >= 24 {
                #expect(text.contains(language == .en ? "more trees" : "另有"), "\(size) \(language)")
            } else if size.width > 0 {
                #expect(text.contains("terminal too small"))
            }
        }
    }
}
