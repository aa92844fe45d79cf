/// The K and V tensors of every cached token, laid out by physical block as vLLM's KV cache is.
///
/// Shape `(numBlocks, blockSize, layers, kvHeads, headDim)` for K and the same for V, flat. A
/// token's place is its *slot*, `block * blockSize + offset`: the forward pass writes a new
/// token's K/V to the slot the block table gives its position (the slot mapping) and reads the
/// K/V of earlier positions back through the same table. Where blocks sit does not change the
/// results, which is the point of paging. A value type: the engine keeps copies as keyframes, and
/// the arrays are shared until one copy writes.
public struct PagedKVStore: Sendable, Hashable {
    public let numBlocks: Int
    /// Token slots per block.
    public let blockSize: Int
    public let layers: Int
    public let kvHeads: Int
    public let headDim: Int

    /// (numBlocks, blockSize, layers, kvHeads, headDim)
    public internal(set) var keys: [Float]
    /// (numBlocks, blockSize, layers, kvHeads, headDim)
    public internal(set) var values: [Float]

    /// A zeroed store of `numBlocks` blocks shaped for `config`.
    public init(config: ToyModelConfig, numBlocks: Int, blockSize: Int) {
        precondition(numBlocks > 0 && blockSize > 0, "a KV store needs at least one block of one slot")
        self.numBlocks = numBlocks
        self.blockSize = blockSize
        layers = config.layers
        kvHeads = config.kvHeads
        headDim = config.headDim
        let count = numBlocks * blockSize * config.kvFloatsPerToken
        keys = [Float](repeating: 0, count: count)
        values = [Float](repeating: 0, count: count)
    }

    /// Floats of K (or V) one slot holds: every layer's K/V heads.
    var floatsPerSlot: Int { layers * kvHeads * headDim }
    /// Token slots in the store.
    var slotCount: Int { numBlocks * blockSize }
    /// Bytes of K plus V, as float32.
    var byteCount: Int { 2 * keys.count * MemoryLayout<Float>.size }

    /// The slot of `position` under `blockTable`: `blockTable[position / blockSize] * blockSize +
    /// position % blockSize`.
    @inlinable
    public func slot(ofPosition position: Int, blockTable: [Int]) -> Int {
        blockTable[position / blockSize] * blockSize + position % blockSize
    }

    /// Index of the first float of `layer`'s K (or V) at `slot`.
    @inlinable
    public func offset(slot: Int, layer: Int) -> Int {
        (slot * layers + layer) * kvHeads * headDim
    }

    /// The K vector (all K/V heads, `kvHeads * headDim` floats) of one layer at one slot.
    public func key(slot: Int, layer: Int) -> ArraySlice<Float> {
        let start = offset(slot: slot, layer: layer)
        return keys[start..<start + kvHeads * headDim]
    }

    /// The V vector (all K/V heads) of one layer at one slot.
    public func value(slot: Int, layer: Int) -> ArraySlice<Float> {
        let start = offset(slot: slot, layer: layer)
        return values[start..<start + kvHeads * headDim]
    }

    /// The K and V of every slot of one block (all layers): what swapping copies to the CPU.
    public struct BlockContents: Sendable, Hashable {
        public let keys: [Float]
        public let values: [Float]
    }

    /// A copy of block `block`'s K/V, every slot.
    public func contents(ofBlock block: Int) -> BlockContents {
        precondition((0..<numBlocks).contains(block), "block \(block) outside the store of \(numBlocks)")
        let start = block * blockSize * floatsPerSlot
        let end = start + blockSize * floatsPerSlot
        return BlockContents(keys: Array(keys[start..<end]), values: Array(values[start..<end]))
    }

    /// Writes `contents` (taken by `contents(ofBlock:)`) into block `block`.
    public mutating func restore(_ contents: BlockContents, intoBlock block: Int) {
        precondition((0..<numBlocks).contains(block), "block \(block) outside the store of \(numBlocks)")
        let start = block * blockSize * floatsPerSlot
        precondition(contents.keys.count == blockSize * floatsPerSlot && contents.values.count == contents.keys.count,
                     "block contents of another shape")
        keys.replaceSubrange(start..<(start + contents.keys.count), with: contents.keys)
        values.replaceSubrange(start..<(start + contents.values.count), with: contents.values)
    }

    /// Copy-on-write support: copies the first `slots` token slots of block `source` (every layer,
    /// K and V) into block `destination`, so a branch that shared a partially filled block can
    /// append to its own copy.
    public mutating func copyBlock(from source: Int, to destination: Int, slots: Int) {
        precondition((0..<numBlocks).contains(source) && (0..<numBlocks).contains(destination))
        precondition((0...blockSize).contains(slots), "a block holds at most blockSize slots")
        let length = slots * floatsPerSlot
        let sourceStart = source * blockSize * floatsPerSlot
        let destinationStart = destination * blockSize * floatsPerSlot
        guard length > 0, source != destination else { return }
        keys.replaceSubrange(
            destinationStart..<destinationStart + length, with: keys[sourceStart..<sourceStart + length])
        values.replaceSubrange(
            destinationStart..<destinationStart + length, with: values[sourceStart..<sourceStart + length])
    }
}
