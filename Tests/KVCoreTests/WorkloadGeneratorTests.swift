import Testing
@testable import KVCore

@Suite struct WorkloadGeneratorTests {
    let generator: WorkloadGenerator
    let requests: [WorkloadRequest]

    init() throws {
        generator = try WorkloadGenerator(spec: .chat)
        requests = generator.generate()
    }

    @Test func defaultChatWorkloadIsPinnedForSeed42() {
        #expect(requests.count == 200)
        let first = requests[0]
        #expect(first.arrivalStep == 2)
        #expect(first.promptLength == 521)
        #expect(first.outputLength == 32)
        #expect(first.sharedPrefixID == nil)
        #expect(Array(first.promptTokens.prefix(3)) == [18455, 5515, 7107])
        #expect(generator.syntheticOutputToken(request: first, index: 0) == 713)
        let last = requests[199]
        #expect(last.arrivalStep == 1359)
        #expect(last.promptLength == 1968)
        #expect(last.outputLength == 80)
        #expect(last.turn == 4)
        #expect(last.parentID == 195)
    }

    @Test func sameSpecGivesIdenticalWorkloadAndOtherSeedDiffers() throws {
        #expect(try WorkloadGenerator(spec: .chat).generate() == requests)
        var other = WorkloadSpec.chat
        other.seed = 43
        #expect(try WorkloadGenerator(spec: other).generate() != requests)
    }

    @Test func requestsComeInArrivalOrderWithIdsFromZero() {
        #expect(requests.map(\.id) == Array(0..<200))
        #expect(zip(requests, requests.dropFirst()).allSatisfy { $0.arrivalStep <= $1.arrivalStep })
    }

    @Test func lengthsAreLongTailedAroundChatMeansAndFitTheModel() {
        let summary = WorkloadSummary(requests)
        #expect(summary.meanPromptLength > 200 && summary.meanPromptLength < 600)
        #expect(summary.meanOutputLength > 180 && summary.meanOutputLength < 320)
        #expect(requests.allSatisfy { $0.finalLength <= 2048 && $0.promptLength >= 1 })
        // Long tail: the median output sits below the mean.
        let outputs = requests.map(\.outputLength).sorted()
        #expect(Double(outputs[outputs.count / 2]) < summary.meanOutputLength)
    }

    @Test func tokensStayInsideTheVocabulary() {
        #expect(requests.allSatisfy { $0.promptTokens.allSatisfy { $0 >= 0 && $0 < 32_000 } })
        #expect((0..<50).allSatisfy {
            (0..<32_000).contains(generator.syntheticOutputToken(request: requests[3], index: $0))
        })
    }

    @Test func followUpResendsParentPromptAndAnswer() throws {
        let followUps = requests.filter { $0.turn > 1 }
        #expect(followUps.count > 30 && followUps.count < 100)
        for child in followUps {
            let parent = try #require(child.parentID.map { requests[$0] })
            #expect(parent.id < child.id)
            #expect(child.turn == parent.turn + 1)
            #expect(child.arrivalStep >= parent.arrivalStep + parent.outputLength)
            let answer = (0..<parent.outputLength).map {
                generator.syntheticOutputToken(request: parent, index: $0)
            }
            #expect(Array(child.promptTokens.prefix(parent.finalLength)) == parent.promptTokens + answer)
            #expect(child.promptLength > parent.finalLength)
            #expect(child.sharedPrefixID == parent.sharedPrefixID)
        }
    }

    @Test func systemPromptIsThePrefixOfRequestsThatShareIt() {
        let shared = requests.filter { $0.sharedPrefixID != nil }
        #expect(shared.count > 50 && shared.count < 150)
        for request in shared {
            let system = generator.systemPromptTokens(request.sharedPrefixID!)
            #expect(Array(request.promptTokens.prefix(96)) == system)
        }
    }

    @Test func poissonArrivalsSpreadAtTheirRateAndAllAtStartStaysAtZero() throws {
        var spec = WorkloadSpec.uniform
        spec.numRequests = 1000
        spec.arrivals = .poisson(ratePerStep: 2)
        let spread = try WorkloadGenerator(spec: spec).generate()
        let lastStep = spread.map(\.arrivalStep).max()!
        #expect(lastStep > 400 && lastStep < 600)
        let burst = try WorkloadGenerator(spec: .uniform).generate()
        #expect(burst.allSatisfy { $0.arrivalStep == 0 })
    }

    @Test func uniformPresetStaysInItsBounds() throws {
        let uniform = try WorkloadGenerator(spec: .uniform).generate()
        #expect(uniform.allSatisfy { (32...512).contains($0.promptLength) && (32...512).contains($0.outputLength) })
        #expect(uniform.allSatisfy { $0.turn == 1 && $0.sharedPrefixID == nil })
    }

    @Test func presetsAreFoundByName() {
        #expect(WorkloadSpec.preset(named: "Chat") == .chat)
        #expect(WorkloadSpec.preset(named: "uniform") == .uniform)
        #expect(WorkloadSpec.preset(named: "ShareGPT") == .sharegpt)
        #expect(WorkloadSpec.preset(named: "alpaca") == nil)
    }

    @Test func invalidSpecIsRejectedWithFieldAndFix() {
        var spec = WorkloadSpec.chat
        spec.numRequests = 0
        #expect(throws: WorkloadSpecError(field: "numRequests", value: "0", fix: "use at least 1")) {
            try WorkloadGenerator(spec: spec)
        }
        spec = .chat
        spec.outputLength = .uniform(min: 10, max: 5)
        do {
            _ = try WorkloadGenerator(spec: spec)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "workload outputLength is 10...5: use 0 <= min <= max")
        }
        spec = .chat
        spec.maxModelLen = 100
        #expect(throws: WorkloadSpecError.self) { try WorkloadGenerator(spec: spec) }
    }

    @Test func parallelSamplesAreCarriedOnEveryRequest() throws {
        var spec = WorkloadSpec.uniform
        spec.samples = 4
        #expect(try WorkloadGenerator(spec: spec).generate().allSatisfy { $0.samples == 4 })
        let first = requests[0]
        #expect(generator.syntheticOutputToken(request: first, index: 5, sample: 1)
            != generator.syntheticOutputToken(request: first, index: 5, sample: 0))
    }
}
