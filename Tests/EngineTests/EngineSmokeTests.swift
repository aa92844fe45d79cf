import Testing
@testable import Engine

@Test func EngineModuleLoads() {
    #expect(EngineInfo.name == "Engine")
}
