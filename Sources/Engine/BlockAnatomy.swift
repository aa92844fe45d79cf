import KVCore

/// What one physical block holds, as tensors: a K plane and a V plane, each `layers` x
/// `kvHeads` vectors of `headDim` elements for every one of its `slots` tokens. Its product is
/// the block's bytes in the memory model (`MemoryBase.blockBytes`); a run whose model stores
/// something else (MLA's latent) has none.
public struct BlockAnatomy: Sendable, Equatable {
    /// Layers on this GPU.
    public let layers: Int
    /// KV heads on this GPU.
    public let kvHeads: Int
    /// Query heads on this GPU; `queryHeads / kvHeads` of them read each KV head (GQA).
    public let queryHeads: Int
    public let headDim: Int
    /// Bytes of one element (the KV dtype).
    public let elementBytes: Int
    /// Token slots of a block.
    public let slots: Int

    public init(layers: Int, kvHeads: Int, queryHeads: Int, headDim: Int, elementBytes: Int, slots: Int) {
        self.layers = layers
        self.kvHeads = kvHeads
        self.queryHeads = queryHeads
        self.headDim = headDim
        self.elementBytes = elementBytes
        self.slots = slots
    }

    /// `2 (K and V) x layers x kvHeads x headDim x slots x elementBytes`, or nil on overflow.
    public var bytes: Int? {
        var result = 2
        for factor in [layers, kvHeads, headDim, slots, elementBytes] {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow || factor <= 0 { return nil }
            result = next
        }
        return result
    }

    /// Query heads that read each KV head (1 for MHA; 0 when they do not split evenly).
    public var queryHeadsPerKVHead: Int {
        kvHeads > 0 && queryHeads % kvHeads == 0 ? queryHeads / kvHeads : 0
    }

    /// The anatomy when its product is `blockBytes`, nil otherwise: the picture never shows
    /// factors that do not multiply to the block the pool is made of.
    public func checked(against blockBytes: Int) -> BlockAnatomy? {
        bytes == blockBytes ? self : nil
    }
}
