/// How vLLM cuts one GPU's KV budget into blocks, and how it reports the result.
///
/// A model whose layers all attend the same way keeps one KV-cache group: a pool block holds
/// `block size` tokens of every layer on the GPU. A hybrid model (sliding-window layers mixed
/// with full-attention layers, Gemma-2/3, gpt-oss) from vLLM 0.19 on splits its layers into
/// groups of equal size, each of one attention type, so that every group's page has the same
/// size; layers in the same position of each group share one pool tensor. A type whose layer
/// count is not a multiple of the group size gets padding layers that hold nothing useful
/// (Gemma-3-27B: 10 full and 52 sliding layers in groups of 10, so 8 padding layers).
public struct KVCacheLayout: Sendable, Hashable {
    /// Layers that share one pool tensor: a pool block is `groupSize` layer pages.
    public let groupSize: Int
    /// KV-cache groups of full-attention layers.
    public let fullGroups: Int
    /// KV-cache groups of sliding-window layers.
    public let slidingGroups: Int
    /// Layers added so every group is full.
    public let paddingLayers: Int
    /// The attention type the padding went to: sliding (true) or full.
    public let paddingIsSliding: Bool
    /// Layers of that type, the base of vLLM's "may waste at most" share.
    public let paddedTypeLayers: Int
    /// One layer's page: `block size` tokens of its keys and values on this GPU.
    public let layerPageBytes: Int

    public var groups: Int { fullGroups + slidingGroups }
    /// Bytes of one pool block: one page of each layer in a group.
    public var poolBlockBytes: Int { layerPageBytes * groupSize }
    /// The upper bound vLLM warns about: padding layers over the layers of their type.
    public var paddingWasteShare: Double {
        paddedTypeLayers == 0 ? 0 : Double(paddingLayers) / Double(paddedTypeLayers)
    }

    /// One group of `layers` layers (a uniform model, or any model before vLLM 0.19).
    init(uniformLayers layers: Int, layerPageBytes: Int, sliding: Bool) {
        groupSize = layers
        fullGroups = sliding ? 0 : 1
        slidingGroups = sliding ? 1 : 0
        paddingLayers = 0
        paddingIsSliding = false
        paddedTypeLayers = 0
        self.layerPageBytes = layerPageBytes
    }

    /// vLLM 0.19's grouping of `full` and `sliding` layers: the group size is the larger
    /// count when it is within 25% of the smaller (fewer groups, little padding), else the
    /// smaller count.
    init(full: Int, sliding: Int, layerPageBytes: Int) {
        let small = Swift.min(full, sliding)
        let large = Swift.max(full, sliding)
        let size = Double(large) < 1.25 * Double(small) ? large : small
        groupSize = size
        fullGroups = (full + size - 1) / size
        slidingGroups = (sliding + size - 1) / size
        let fullPadding = fullGroups * size - full
        let slidingPadding = slidingGroups * size - sliding
        paddingLayers = fullPadding + slidingPadding
        paddingIsSliding = slidingPadding >= fullPadding
        paddedTypeLayers = paddingLayers == 0 ? 0 : (paddingIsSliding ? sliding : full)
        self.layerPageBytes = layerPageBytes
    }

    /// Blocks one request of `maxModelLen` tokens may need at once, summed over the groups:
    /// a full-attention group the whole length; a sliding group the window plus one step of
    /// `maxNumBatchedTokens` new tokens (capped at the length), one block more for a window
    /// that starts mid-block.
    public func blocksPerRequest(maxModelLen: Int, blockSize: Int, window: Int?, maxNumBatchedTokens: Int) -> Int {
        let full = (maxModelLen + blockSize - 1) / blockSize
        guard let window, slidingGroups > 0 else { return full * groups }
        let reach = Swift.min(window - 1 + maxNumBatchedTokens, maxModelLen)
        let sliding = (reach + blockSize - 1) / blockSize + 1
        return fullGroups * full + slidingGroups * sliding
    }
}
