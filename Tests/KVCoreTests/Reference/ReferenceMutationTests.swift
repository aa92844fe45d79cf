import Testing
@testable import KVCore

/// The differential test can fail: with a bug planted in the fast manager (debug builds: appends
/// no longer publish the blocks they fill when publishing when scheduled, the mode the engine
/// runs), the same random operations must make the two managers disagree, and without it they
/// must agree. The planted bug is a flag of one manager value, so tests running alongside keep
/// the real behaviour.
@Suite("Paging: the differential test catches a planted bug")
struct ReferenceMutationTests {
    /// Publishing when scheduled, prefix caching on, the built-in hasher.
    static let configuration = ReferenceDifferentialTests.Configuration(
        seed: 7, blockSize: 4, numBlocks: 24, hasher: .builtIn, prefixCaching: true, publishing: .whenScheduled)

    /// Runs up to `operations` random operations; the first step at which the managers
    /// disagree, or nil.
    private func firstDisagreement(plantingBug: Bool, operations: Int = 2_000) -> Int? {
        var run = DifferentialRun(Self.configuration)
        #if DEBUG
        run.fast._mutationSkipsPublishOnFill = plantingBug
        #endif
        for step in 0 ..< operations {
            run.step()
            if !run.compare(step: step).isEmpty { return step }
        }
        return nil
    }

    @Test func withoutTheBugBothManagersAgree() {
        #expect(firstDisagreement(plantingBug: false) == nil)
    }

    #if DEBUG
    @Test func skippingPublishOnFillIsCaught() {
        let step = firstDisagreement(plantingBug: true)
        #expect(step != nil, "disabling publish-on-fill went unnoticed by the differential test")
    }
    #endif
}
