extension MemoryPlan {
    /// Whether the pool holds one request of `max_model_len` tokens. vLLM checks this at
    /// start-up and refuses to start when it does not (v0: "The model's max seq len (M) is
    /// larger than the maximum number of tokens that can be stored in KV cache (N)"; v1: "To
    /// serve at least one request with the models's max seq len (M), (X GiB KV cache is
    /// needed, ..."). False also when no block fits at all.
    public var holdsOneMaxLengthRequest: Bool {
        numBlocks >= 1 && numBlocks >= blocksPerMaxLengthRequest
    }

    /// Bytes of KV cache one request of `max_model_len` needs on one GPU: its blocks (over
    /// every KV-cache group) at the pool's block size. vLLM v1 compares this with the
    /// available KV cache memory.
    public var maxLengthRequestBytes: Int {
        blocksPerMaxLengthRequest * layout.poolBlockBytes
    }

    /// The longest `max_model_len` whose request the pool holds: vLLM v1's "estimated maximum
    /// model length" in its refusal (0 when no block fits). A binary search over lengths, since
    /// a sliding window makes the blocks a request needs stop growing.
    public var longestHeldModelLen: Int {
        guard numBlocks >= 1 else { return 0 }
        var low = 0
        var high = configuration.effectiveMaxModelLen
        while low < high {
            let middle = low + (high - low + 1) / 2
            if blocksNeeded(seqLenForModelLen: middle) <= numBlocks { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Blocks one request of `length` tokens holds when `length` is the max_model_len (a
    /// hybrid model's groups each count theirs).
    private func blocksNeeded(seqLenForModelLen length: Int) -> Int {
        layout.blocksPerRequest(maxModelLen: length, blockSize: configuration.blockSize,
                                window: configuration.model.slidingWindow,
                                maxNumBatchedTokens: configuration.maxNumBatchedTokens)
    }
}
