import Testing
@testable import Visualizer

@Test func VisualizerModuleLoads() {
    #expect(VisualizerInfo.name == "Visualizer")
}
