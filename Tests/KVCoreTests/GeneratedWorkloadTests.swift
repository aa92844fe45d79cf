import Testing
@testable import KVCore

/// Generated requests write their prompts out on demand: the length known up front must be the
/// length written, and writing twice gives the same tokens.
@Suite("Generated workload")
struct GeneratedWorkloadTests {
    @Test func promptsWrittenOnDemandMatchTheirLengthsAndRepeat() throws {
        var spec = WorkloadSpec.chat
        spec.numRequests = 400
        let requests = try WorkloadGenerator(spec: spec).generate()
        #expect(requests.contains { $0.turn > 2 })
        for request in requests {
            let prompt = request.promptTokens
            #expect(prompt.count == request.promptLength, "request \(request.id)")
            #expect(prompt == request.promptTokens)
        }
    }
}
