/// A generated workload's plan, shared (immutable) by all its requests, which write their
/// prompts out from it on demand: a first turn is its system prompt (if any) and its user
/// message; a follow-up resends its parent's prompt and answer, then its own user message.
final class GeneratedWorkload: Sendable {
    let generator: WorkloadGenerator
    let plans: [WorkloadGenerator.Plan]
    /// Request id (arrival order) of each plan.
    let ids: [Int]

    init(generator: WorkloadGenerator, plans: [WorkloadGenerator.Plan], ids: [Int]) {
        self.generator = generator
        self.plans = plans
        self.ids = ids
    }

    /// The prompt of plan `index`: O(its length).
    func prompt(ofPlan index: Int) -> [Int32] {
        // The conversation's turns, newest first.
        var chain = [index]
        while let parent = plans[chain[chain.count - 1]].parent { chain.append(parent) }
        let first = plans[chain[chain.count - 1]]
        var prompt = first.systemPrompt.map { generator.systemPromptTokens($0) } ?? []
        prompt.reserveCapacity(plans[index].promptLength)
        for planIndex in chain.reversed() {
            let plan = plans[planIndex]
            if let parent = plan.parent {
                for position in 0..<plans[parent].outputLength {
                    prompt.append(generator.outputToken(requestID: ids[parent], index: position))
                }
            }
            for position in 0..<plan.userLength {
                prompt.append(generator.token(stream: .user, UInt64(planIndex), UInt64(position)))
            }
        }
        return prompt
    }
}
