extension ToyModel {
    /// The reference: logits of the last token of `tokens`, computed from scratch with no cache.
    ///
    /// Every position's K/V is projected again into contiguous per-call arrays, layer by layer
    /// over the whole sequence, the way a model without a KV cache must work at each step. It
    /// shares the kernels of the paged path and so agrees with it bit for bit; it neither reads
    /// nor writes the store nor the counters.
    public func logitsByRecomputing(tokens: [TokenID]) -> [Float] {
        allLogitsByRecomputing(tokens: tokens, everyPosition: false)[0]
    }

    /// Logits of every position of `tokens`, from scratch: `(tokens.count, vocabSize)`.
    func allLogitsByRecomputing(tokens: [TokenID]) -> [[Float]] {
        allLogitsByRecomputing(tokens: tokens, everyPosition: true)
    }

    private func allLogitsByRecomputing(tokens: [TokenID], everyPosition: Bool) -> [[Float]] {
        let c = config
        let n = tokens.count
        precondition(n > 0 && n <= c.contextLength, "recompute needs 1...\(c.contextLength) tokens, got \(n)")
        precondition(tokens.allSatisfy { $0 >= 0 && Int($0) < c.vocabSize }, "token outside the vocabulary")
        let attentionScale = 1 / Float(c.headDim).squareRoot()
        let rotary = self.rotary

        // One arena for the whole sequence, with named offsets.
        let xAt = 0  // (n, dim): residual stream of every position
        let xbAt = xAt + n * c.dim  // (n, dim)
        let qAt = xbAt + n * c.dim  // (n, dim)
        let kAt = qAt + n * c.dim  // (n, kvDim): this layer's K of every position
        let vAt = kAt + n * c.kvDim  // (n, kvDim)
        let xb2At = vAt + n * c.kvDim  // (dim)
        let hbAt = xb2At + c.dim  // (hiddenDim)
        let hb2At = hbAt + c.hiddenDim  // (hiddenDim)
        let attAt = hb2At + c.hiddenDim  // (n)
        let logitsAt = attAt + n  // (vocabSize)
        var arena = [Float](repeating: 0, count: logitsAt + c.vocabSize)
        var result: [[Float]] = []

        weights.withPointers { w in
        arena.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let xs = base + xAt, xbs = base + xbAt, qs = base + qAt, ks = base + kAt, vs = base + vAt
            let xb2 = base + xb2At, hb = base + hbAt, hb2 = base + hb2At, att = base + attAt
            let logits = base + logitsAt

            for (position, token) in tokens.enumerated() {
                (xs + position * c.dim).update(from: w.tokenEmbedding + Int(token) * c.dim, count: c.dim)
            }
            for layer in 0..<c.layers {
                // Project Q, K, V of every position again.
                for position in 0..<n {
                    let x = xs + position * c.dim, xb = xbs + position * c.dim
                    let q = qs + position * c.dim, k = ks + position * c.kvDim, v = vs + position * c.kvDim
                    Kernels.rmsNorm(xb, x, w.attentionNorm + layer * c.dim, count: c.dim, epsilon: c.normEpsilon)
                    Kernels.matmul(q, xb, w.wq + layer * c.dim * c.dim, rows: c.dim, columns: c.dim)
                    Kernels.matmul(k, xb, w.wk + layer * c.kvDim * c.dim, rows: c.kvDim, columns: c.dim)
                    Kernels.matmul(v, xb, w.wv + layer * c.kvDim * c.dim, rows: c.kvDim, columns: c.dim)
                    rotary.rotate(q, headCount: c.heads, position: position)
                    rotary.rotate(k, headCount: c.kvHeads, position: position)
                }
                // Causal attention, contiguous K/V, then the MLP, position by position.
                for position in 0..<n {
                    let x = xs + position * c.dim, xb = xbs + position * c.dim, q = qs + position * c.dim
                    for head in 0..<c.heads {
                        let query = q + head * c.headDim
                        let kvHead = (head / c.queriesPerKVHead) * c.headDim
                        for t in 0...position {
                            att[t] = Kernels.dot(query, ks + t * c.kvDim + kvHead, count: c.headDim) * attentionScale
                        }
                        Kernels.softmax(att, count: position + 1)
                        let out = xb + head * c.headDim
                        out.update(repeating: 0, count: c.headDim)
                        for t in 0...position {
                            Kernels.addScaled(out, vs + t * c.kvDim + kvHead, scale: att[t], count: c.headDim)
                        }
                    }
                    // Output projection and SwiGLU MLP, shared with the other path.
                    ToyModel.finishBlock(layer: layer, x: x, attention: xb, scratch: xb2, hidden: hb, hidden2: hb2,
                                         weights: w, config: c)
                }
            }
            for position in (everyPosition ? 0 : n - 1)..<n {
                let xb = xbs + position * c.dim
                Kernels.rmsNorm(xb, xs + position * c.dim, w.finalNorm, count: c.dim, epsilon: c.normEpsilon)
                Kernels.matmul(logits, xb, w.lmHead, rows: c.vocabSize, columns: c.dim)
                result.append(Array(UnsafeBufferPointer(start: logits, count: c.vocabSize)))
            }
        }
        }
        return result
    }
}
