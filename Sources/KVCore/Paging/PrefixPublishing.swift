/// When a full block becomes findable by later prefix-cache lookups.
///
/// The two engines kvviz follows differ here, and a learner can see it: with `.whenScheduled`,
/// two requests scheduled in the same step already share their common prefix; with
/// `.whenComputed`, the second one computes its own copy because the first has not committed yet.
public enum PrefixPublishing: String, Sendable, Equatable, CaseIterable {
    /// vLLM v1: `allocate_slots` hashes and caches the full blocks of the tokens it places for
    /// the step (computed + scheduled), before the model has run. In this mode every placement
    /// (`allocate`, `allocateSlots`, `appendToken`) publishes; `commit` only records progress.
    case whenScheduled = "scheduled"
    /// nano-vllm, and the `.kvtrace` format: a block is published by `commit`, once its K/V are
    /// computed. Placing tokens publishes nothing. The manager's default, because the traces'
    /// expected totals depend on it.
    case whenComputed = "computed"
}
