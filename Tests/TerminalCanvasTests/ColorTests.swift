import Testing
@testable import TerminalCanvas

@Suite struct ColorTests {
    @Test func paletteColoursSurviveLargePalettes() {
        #expect(Color.indexed(208).approximated(paletteSize: 256) == .indexed(208))
        #expect(Color.default.approximated(paletteSize: 8) == .default)
        #expect(Color.rgb(1, 2, 3).approximated(paletteSize: 1 << 24) == .rgb(1, 2, 3))
    }

    @Test func brightColoursFoldOnEightColourTerminals() {
        #expect(Color.brightRed.approximated(paletteSize: 8) == .red)
    }

    @Test func rgbMapsToNearestCubeOrGrey() {
        #expect(Color.rgb(255, 0, 0).approximated(paletteSize: 256) == Color.cube(5, 0, 0))
        #expect(Color.rgb(128, 128, 128).approximated(paletteSize: 256) == Color.grey(12))
        #expect(Color.rgb(250, 10, 10).approximated(paletteSize: 8) == .red)
    }

    @Test func cubeAndGreyClampTheirArguments() {
        #expect(Color.cube(9, -1, 2) == .indexed(16 + 36 * 5 + 2))
        #expect(Color.grey(40) == .indexed(255))
    }
}
