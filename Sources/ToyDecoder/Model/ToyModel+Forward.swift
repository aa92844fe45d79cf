extension ToyModel {
    /// Runs a batch of sequences, each with its own positions and block table: prefill chunks and
    /// single decode tokens mix freely. For every new token at position p, its K/V are written to
    /// the slot of p first, then its attention reads the K/V of positions 0...p through the block
    /// table. Traps on an input `problem(with:)` would report.
    public mutating func forward(_ batch: [ForwardInput]) -> [ForwardOutput] {
        var outputs: [ForwardOutput] = []
        outputs.reserveCapacity(batch.count)
        for input in batch {
            outputs.append(forward(input))
        }
        return outputs
    }

    /// Runs one sequence's new tokens; see `forward(_:)` for a batch.
    public mutating func forward(_ input: ForwardInput) -> ForwardOutput {
        if let problem = problem(with: input) { preconditionFailure(problem.description) }
        // The slot mapping: where each position's K/V live.
        for position in 0..<input.endPosition {
            _slotMapping[position] = store.slot(ofPosition: position, blockTable: input.blockTable)
        }
        let c = config
        let s = ForwardScratch(config: c)
        let rotary = self.rotary
        let weights = self.weights
        let attentionScale = 1 / Float(c.headDim).squareRoot()
        let lastIndex = input.tokens.count - 1
        var allLogits: [[Float]] = []
        var logits: [Float] = []

        weights.withPointers { w in
        store.keys.withUnsafeMutableBufferPointer { keyBuffer in
        store.values.withUnsafeMutableBufferPointer { valueBuffer in
        _slotMapping.withUnsafeBufferPointer { slots in
        _scratch.withUnsafeMutableBufferPointer { scratch in
            let keyCache = keyBuffer.baseAddress!  // (numBlocks * blockSize, layers, kvDim)
            let valueCache = valueBuffer.baseAddress!
            let base = scratch.baseAddress!
            let x = base + s.x, xb = base + s.xb, xb2 = base + s.xb2, q = base + s.q
            let hb = base + s.hb, hb2 = base + s.hb2, att = base + s.att, logitsOut = base + s.logits

            for (index, token) in input.tokens.enumerated() {
                let position = input.startPosition + index
                x.update(from: w.tokenEmbedding + Int(token) * c.dim, count: c.dim)

                for layer in 0..<c.layers {
                    // Attention: the new K and V go straight into this position's slot.
                    Kernels.rmsNorm(xb, x, w.attentionNorm + layer * c.dim, count: c.dim, epsilon: c.normEpsilon)
                    let kvOffset = (slots[position] * c.layers + layer) * c.kvDim
                    let k = keyCache + kvOffset, v = valueCache + kvOffset
                    Kernels.matmul(q, xb, w.wq + layer * c.dim * c.dim, rows: c.dim, columns: c.dim)
                    Kernels.matmul(k, xb, w.wk + layer * c.kvDim * c.dim, rows: c.kvDim, columns: c.dim)
                    Kernels.matmul(v, xb, w.wv + layer * c.kvDim * c.dim, rows: c.kvDim, columns: c.dim)
                    rotary.rotate(q, headCount: c.heads, position: position)
                    rotary.rotate(k, headCount: c.kvHeads, position: position)

                    // Each query head reads its K/V head at positions 0...position, via the slots.
                    for head in 0..<c.heads {
                        let query = q + head * c.headDim
                        let kvHead = (head / c.queriesPerKVHead) * c.headDim
                        for t in 0...position {
                            let key = keyCache + (slots[t] * c.layers + layer) * c.kvDim + kvHead
                            att[t] = Kernels.dot(query, key, count: c.headDim) * attentionScale
                        }
                        Kernels.softmax(att, count: position + 1)
                        let out = xb + head * c.headDim
                        out.update(repeating: 0, count: c.headDim)
                        for t in 0...position {
                            let value = valueCache + (slots[t] * c.layers + layer) * c.kvDim + kvHead
                            Kernels.addScaled(out, value, scale: att[t], count: c.headDim)
                        }
                    }
                    // Output projection and SwiGLU MLP, shared with the other path.
                    ToyModel.finishBlock(layer: layer, x: x, attention: xb, scratch: xb2, hidden: hb, hidden2: hb2,
                                         weights: w, config: c)
                }

                guard index == lastIndex || input.wantsAllLogits else { continue }
                Kernels.rmsNorm(xb, x, w.finalNorm, count: c.dim, epsilon: c.normEpsilon)
                Kernels.matmul(logitsOut, xb, w.lmHead, rows: c.vocabSize, columns: c.dim)
                let tokenLogits = Array(UnsafeBufferPointer(start: logitsOut, count: c.vocabSize))
                if input.wantsAllLogits { allLogits.append(tokenLogits) }
                if index == lastIndex { logits = tokenLogits }
            }
        }
        }
        }
        }
        }

        let output = ForwardOutput(
            sequenceID: input.sequenceID, logits: logits, allLogits: allLogits,
            kvComputed: input.tokens.count, kvWithoutCache: input.endPosition)
        counter.record(sequenceID: input.sequenceID, computed: output.kvComputed, withoutCache: output.kvWithoutCache)
        return output
    }
}
