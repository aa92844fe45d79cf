import Testing
@testable import ToyDecoder

@Test func ToyDecoderModuleLoads() {
    #expect(ToyDecoderInfo.name == "ToyDecoder")
}
