import Testing
@testable import TerminalCanvas

@Test func TerminalCanvasModuleLoads() {
    #expect(TerminalCanvasInfo.name == "TerminalCanvas")
}
