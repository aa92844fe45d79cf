import Testing
@testable import TerminalCanvas

@Suite struct RectTests {
    @Test func negativeSizesClampToEmpty() {
        let rect = Rect(x: 3, y: 4, width: -5, height: 2)
        #expect(rect.width == 0)
        #expect(rect.isEmpty)
        #expect(!rect.contains(Point(x: 3, y: 4)))
    }

    @Test func containsIsHalfOpen() {
        let rect = Rect(x: 1, y: 1, width: 3, height: 2)
        #expect(rect.contains(Point(x: 1, y: 1)))
        #expect(rect.contains(Point(x: 3, y: 2)))
        #expect(!rect.contains(Point(x: 4, y: 2)))
        #expect(!rect.contains(Point(x: 3, y: 3)))
        #expect(!rect.contains(Point(x: 0, y: 1)))
    }

    @Test func intersectionOfOverlappingAndDisjointRects() {
        let a = Rect(x: 0, y: 0, width: 10, height: 5)
        #expect(a.intersection(Rect(x: 5, y: 3, width: 10, height: 10)) == Rect(x: 5, y: 3, width: 5, height: 2))
        #expect(a.intersection(Rect(x: 20, y: 0, width: 3, height: 3)).isEmpty)
        #expect(a.intersection(Rect(x: 10, y: 0, width: 1, height: 1)).isEmpty)
    }

    @Test func insetShrinksAndNeverGoesNegative() {
        let rect = Rect(x: 0, y: 0, width: 10, height: 4)
        #expect(rect.inset(by: 1) == Rect(x: 1, y: 1, width: 8, height: 2))
        #expect(rect.inset(by: 3).height == 0)
        #expect(rect.inset(by: 50).isEmpty)
    }

    @Test func splitByCellsAndFill() {
        let rect = Rect(x: 0, y: 0, width: 80, height: 24)
        let rows = rect.split(.vertical, [.cells(1), .fill, .cells(1)])
        #expect(rows.map(\.height) == [1, 22, 1])
        #expect(rows.map(\.y) == [0, 1, 23])
    }

    @Test func splitByFractionsAndWeightedFills() {
        let rect = Rect(x: 10, y: 0, width: 100, height: 5)
        #expect(rect.splitHorizontally(fractions: [0.25, 0.75]).map(\.width) == [25, 75])
        let weighted = rect.split(.horizontal, [.fill(1), .fill(3)])
        #expect(weighted.map(\.width) == [25, 75])
        #expect(weighted.map(\.x) == [10, 35])
    }

    @Test func splitWithSpacingLeavesGaps() {
        let parts = Rect(x: 0, y: 0, width: 21, height: 1).split(.horizontal, [.fill, .fill], spacing: 1)
        #expect(parts.map(\.width) == [10, 10])
        #expect(parts.map(\.x) == [0, 11])
    }

    @Test func splitThatDoesNotFitShrinksLaterParts() {
        let parts = Rect(x: 0, y: 0, width: 5, height: 1).splitHorizontally(sizes: [3, 4, 2])
        #expect(parts.map(\.width) == [3, 2, 0])
        for part in parts { #expect(Rect(x: 0, y: 0, width: 5, height: 1).contains(part)) }
    }

    @Test func slicesPeelOffEdges() {
        let rect = Rect(x: 0, y: 0, width: 80, height: 24)
        let (title, rest) = rect.sliceTop(1)
        #expect(title == Rect(x: 0, y: 0, width: 80, height: 1))
        #expect(rest == Rect(x: 0, y: 1, width: 80, height: 23))
    }

    @Test func degenerateSplitsNeverCrash() {
        let weird: [Rect] = [
            .zero, Rect(x: -5, y: -5, width: 0, height: 3), Rect(x: Int.max - 1, y: Int.min, width: Int.max, height: 1),
        ]
        for rect in weird {
            let parts = rect.split(.horizontal, [.cells(-3), .fraction(.nan), .fraction(2), .fill(Int.max), .fill(-1)], spacing: -2)
            #expect(parts.count == 5)
            _ = rect.inset(by: Int.max / 2)
            _ = rect.intersection(Rect(x: Int.min, y: Int.min, width: Int.max, height: Int.max))
        }
        #expect(Rect.zero.split(.vertical, []).isEmpty)
    }
}
