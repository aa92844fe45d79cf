import Testing
@testable import KVCore

@Test func KVCoreModuleLoads() {
    #expect(KVCoreInfo.name == "KVCore")
}
