/// What preemption does with the victim's K/V. Both are in the PagedAttention paper (section
/// 4.5); vLLM v1 only recomputes.
public enum PreemptionMode: String, Sendable, Equatable, CaseIterable {
    /// Free the blocks and compute the request's tokens again when it is readmitted (vLLM v1,
    /// nano-vllm, the paper's second option). Its freed blocks keep their hashes, so the prefix
    /// cache may give part of it back.
    case recompute
    /// Copy the blocks to a CPU block pool, free them on the GPU, and copy them back when the
    /// request is readmitted: no recomputation, but bytes cross the PCIe bus both ways (the
    /// paper, vLLM v0). When the CPU pool is full the victim is recomputed instead.
    case swap
}
