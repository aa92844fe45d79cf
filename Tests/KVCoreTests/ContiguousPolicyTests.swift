import Testing
@testable import KVCore

@Suite struct ContiguousPolicyTests {
    @Test func maxReservesTheWholeModelLength() {
        #expect(ContiguousPolicy.max.reservation(promptLength: 90, outputLength: 10, maxModelLen: 4096) == 4096)
    }

    /// The paper's 6.1: the output is over-reserved by at most 2x (a true 25 reserves 32).
    @Test func pow2ReservesThePromptPlusTheNextPowerOfTwoOfTheOutput() {
        #expect(ContiguousPolicy.pow2.reservation(promptLength: 100, outputLength: 25, maxModelLen: 4096) == 132)
        #expect(ContiguousPolicy.pow2.reservation(promptLength: 100, outputLength: 32, maxModelLen: 4096) == 132)
        #expect(ContiguousPolicy.pow2.reservation(promptLength: 0, outputLength: 1025, maxModelLen: 4096) == 2048)
        #expect(ContiguousPolicy.pow2.reservation(promptLength: 1500, outputLength: 1000, maxModelLen: 3000) == 2524)
        #expect(ContiguousPolicy.pow2.reservation(promptLength: 1990, outputLength: 50, maxModelLen: 2048) == 2048)
        #expect(ContiguousPolicy.pow2.reservation(promptLength: 1, outputLength: 0, maxModelLen: 2048) == 2)
    }

    @Test func oracleReservesExactlyPromptPlusOutput() {
        #expect(ContiguousPolicy.oracle.reservation(promptLength: 300, outputLength: 37, maxModelLen: 2048) == 337)
        #expect(ContiguousPolicy.oracle.reservation(promptLength: 0, outputLength: 0, maxModelLen: 2048) == 1)
    }

    /// The chapter's example: 4096 slots reserved for a 100-token request, 97.5% wasted. (Two
    /// output tokens: a request is freed in the step that samples its last token, as on the paged
    /// side, so one that samples a single token never shows its reservation.)
    @Test func maxPolicyWastesNinetySevenPercentOnTheChaptersExample() throws {
        let request = WorkloadRequest(id: 0, promptTokens: Array(repeating: 1, count: 100), outputLength: 2)
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .max, capacitySlots: 4096, maxModelLen: 4096),
            workload: [request])
        let snapshot = simulator.step()
        #expect(snapshot.extents.map(\.reserved) == [4096])
        #expect(snapshot.usage.tokenStates == 100)
        #expect(snapshot.usage.internalFragmentation == 3994)
        let wasted = Double(snapshot.usage.internalFragmentation) / 4096
        #expect(wasted > 0.975 && wasted < 0.976)
        let last = simulator.step()
        #expect(last.finished == [0])
        #expect(last.extents.isEmpty)
        #expect(simulator.isFinished)
    }

    @Test func reservationSplitsIntoUsedFutureAndNeverUsed() throws {
        let request = WorkloadRequest(id: 0, promptTokens: Array(repeating: 1, count: 90), outputLength: 10)
        for (policy, reserved) in [(ContiguousPolicy.max, 2048), (.pow2, 106), (.oracle, 100)] {
            var simulator = try ContiguousSimulator(
                config: ContiguousConfig(policy: policy, capacitySlots: 4096), workload: [request])
            let first = simulator.step()
            #expect(first.extents.first?.reserved == reserved)
            // Used means K/V stored: the prompt's; the first sampled token is stored by the next step.
            #expect(first.usage.tokenStates == 90, "the prompt's K/V")
            #expect(first.usage.reserved == 10)
            #expect(first.usage.internalFragmentation == reserved - 100)
        }
    }
}
