/// A picture a chapter keeps on screen beside its panels, drawn from the snapshot like any panel.
public enum Picture: Sendable, Hashable, CaseIterable {
    /// The free blocks in queue order, head (next evicted) to tail, cached ones with their hash.
    case freeQueue
    /// One block as its tensors: K and V, layers, KV heads, head_dim, slots, bytes.
    case blockAnatomy
    /// The K/V rows recomputed without a cache next to the cached diagonal, step by step.
    case recomputeTriangle

}
