/// The KV-cache groups of a sized model, as a scenario's engine runs them: what `kv_groups:`
/// would name, derived from the model's config instead of typed in.
extension KVCacheLayout {
    /// One attention kind per group, in vLLM's order: the full-attention groups, then the
    /// sliding ones with `window` (required when the layout has any; a uniform layout's one
    /// sliding group too).
    public func groupAttentions(window: Int?) -> [GroupAttention] {
        precondition(slidingGroups == 0 || window != nil, "a layout with sliding groups needs their window")
        return Array(repeating: .full, count: fullGroups)
            + Array(repeating: .slidingWindow(window ?? 1), count: slidingGroups)
    }
}

extension MemoryPlan {
    /// The groups of a hybrid model (sliding-window layers mixed with full-attention ones) that
    /// this vLLM release splits into several KV-cache groups: Gemma-3-27B's 10 full and 52
    /// sliding layers in groups of 10 are `[full, sliding 1024 x 6]`. Nil for a model whose
    /// layers share one group, which then runs as one full-attention group as before.
    public var kvCacheGroups: [GroupAttention]? {
        guard layout.groups > 1, let window = configuration.model.slidingWindow else { return nil }
        return layout.groupAttentions(window: window)
    }
}
