import TerminalCanvas
import Testing
@testable import Visualizer

/// The grid picks the largest cell form that holds every block, and maps clicks back exactly.
@Suite struct GridGeometryTests {
    static let wide = Rect(x: 1, y: 4, width: 58, height: 16)
    static let narrow = Rect(x: 1, y: 4, width: 38, height: 7)

    @Test func aSmallPoolIsDrawnAsCardsThenSlotRowsThenCompactCellsThenGroups() {
        #expect(GridGeometry(area: Self.wide, blockCount: 32, blockSize: 4).form == .card)
        #expect(GridGeometry(area: Self.wide, blockCount: 100, blockSize: 4).form == .slots)
        let compact = GridGeometry(area: Self.wide, blockCount: 200, blockSize: 4)
        #expect(compact.form == .compact)
        #expect(compact.blocksPerCell == 1)
        let grouped = GridGeometry(area: Self.wide, blockCount: 8_000, blockSize: 16)
        #expect(grouped.form == .compact)
        #expect(grouped.blocksPerCell > 1)
        #expect(GridGeometry(area: Self.narrow, blockCount: 32, blockSize: 4).form == .slots)
    }

    @Test func slotFormsNeedAKnownSmallBlockSize() {
        #expect(GridGeometry(area: Self.wide, blockCount: 4, blockSize: 0).form == .compact)
        #expect(GridGeometry(area: Self.wide, blockCount: 4, blockSize: 64).form == .compact)
        #expect(GridGeometry(area: Self.wide, blockCount: 4, blockSize: 16).form == .card)
    }

    @Test func everyCellFitsTheAreaAndEveryPointOfItMapsBack() {
        for blockSize in [0, 4, 16] {
            for blocks in [1, 7, 32, 100, 500, 8_000] {
                for area in [Self.wide, Self.narrow] {
                    let geometry = GridGeometry(area: area, blockCount: blocks, blockSize: blockSize)
                    let name = "blocks \(blocks) size \(blockSize) area \(area.width)x\(area.height)"
                    #expect(geometry.cellCount * geometry.blocksPerCell >= blocks, "\(name)")
                    for cell in 0..<geometry.cellCount {
                        let rect = geometry.rect(ofCell: cell)
                        #expect(rect.x >= area.x && rect.maxX <= area.maxX && rect.maxY <= area.maxY, "\(name) cell \(cell)")
                        for dy in 0..<rect.height {
                            for dx in 0..<rect.width {
                                #expect(geometry.cell(at: Point(x: rect.x + dx, y: rect.y + dy)) == cell,
                                        "\(name) cell \(cell)")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func theGapBetweenCardsAndPointsOutsideBelongToNoCell() {
        let geometry = GridGeometry(area: Self.wide, blockCount: 32, blockSize: 4)
        let first = geometry.rect(ofCell: 0)
        #expect(geometry.gap == 1)
        #expect(geometry.cell(at: Point(x: first.maxX, y: first.y)) == nil)
        #expect(geometry.cell(at: Point(x: Self.wide.x - 1, y: first.y)) == nil)
        #expect(geometry.cell(at: Point(x: first.x, y: Self.wide.maxY)) == nil)
    }
}
