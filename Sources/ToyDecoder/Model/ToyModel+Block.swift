extension ToyModel {
    /// The rest of a transformer block after attention, for one position: the output projection
    /// added to the residual stream, then the SwiGLU MLP (RMSNorm, gate and up projections,
    /// SiLU(gate) * up, down projection) added to it. `attention` holds the heads' outputs;
    /// `scratch`, `hidden` and `hidden2` are work buffers (dim, hiddenDim, hiddenDim floats).
    /// The cached forward pass and the full recomputation share it: they differ in attention only.
    static func finishBlock(layer: Int, x: UnsafeMutablePointer<Float>, attention: UnsafeMutablePointer<Float>,
                            scratch: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>,
                            hidden2: UnsafeMutablePointer<Float>, weights w: ToyWeightPointers, config c: ToyModelConfig) {
        Kernels.matmul(scratch, attention, w.wo + layer * c.dim * c.dim, rows: c.dim, columns: c.dim)
        Kernels.add(x, scratch, count: c.dim)
        Kernels.rmsNorm(attention, x, w.ffnNorm + layer * c.dim, count: c.dim, epsilon: c.normEpsilon)
        Kernels.matmul(hidden, attention, w.w1 + layer * c.hiddenDim * c.dim, rows: c.hiddenDim, columns: c.dim)
        Kernels.matmul(hidden2, attention, w.w3 + layer * c.hiddenDim * c.dim, rows: c.hiddenDim, columns: c.dim)
        Kernels.swiGLU(hidden, hidden2, count: c.hiddenDim)
        Kernels.matmul(attention, hidden, w.w2 + layer * c.dim * c.hiddenDim, rows: c.dim, columns: c.hiddenDim)
        Kernels.add(x, attention, count: c.dim)
    }
}
