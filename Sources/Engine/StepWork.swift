/// The K/V work of one step: rows computed with the cache, and what recomputing every
/// scheduled sequence from its first token would have computed (the recompute triangle's rows).
public struct StepWork: Sendable, Equatable {
    public let computed: Int
    public let withoutCache: Int

    public init(computed: Int, withoutCache: Int) {
        self.computed = computed
        self.withoutCache = withoutCache
    }
}
