import Testing
@testable import ToyDecoder

/// The decoder's kernels against values computed independently: `kernel_reference.py` in this
/// folder evaluates the textbook definitions in double precision, sharing no code with
/// `Kernels` or `RotaryTable`, and its output is `KernelReferenceValues.swift`. (The
/// paged-vs-recompute tests cannot catch a wrong kernel: both paths call the same one.)
@Suite("Kernels: independent reference values")
struct KernelReferenceTests {
    /// Float32 kernels against double-precision references: a few float ulps, relative to the
    /// value's size, plus an absolute floor for results near zero (softmax's e^-100).
    static func expectClose(_ actual: [Float], _ expected: [Double], _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(what): length", sourceLocation: sourceLocation)
        for (index, (a, e)) in zip(actual, expected).enumerated() {
            let allowed = 1e-6 + 4e-6 * abs(e)
            #expect(abs(Double(a) - e) <= allowed, "\(what)[\(index)]: \(a), expected \(e)", sourceLocation: sourceLocation)
        }
    }

    @Test func rmsNormMatchesTheDefinition() {
        let x = KernelReference.rmsInput.map(Float.init)
        let weight = KernelReference.rmsWeight.map(Float.init)
        var out = [Float](repeating: .nan, count: x.count)
        Kernels.rmsNorm(&out, x, weight, count: x.count, epsilon: Float(KernelReference.rmsEpsilon))
        Self.expectClose(out, KernelReference.rmsOutput, "rmsNorm")
        // In place, as the forward pass calls it.
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer { buffer in
            Kernels.rmsNorm(buffer.baseAddress!, buffer.baseAddress!, weight, count: x.count, epsilon: Float(KernelReference.rmsEpsilon))
        }
        #expect(inPlace == out)
    }

    @Test func softmaxMatchesTheDefinition() {
        for (input, expected) in [(KernelReference.softmaxInput, KernelReference.softmaxOutput),
                                  (KernelReference.softmaxUniformInput, KernelReference.softmaxUniformOutput)] {
            var x = input.map(Float.init)
            Kernels.softmax(&x, count: x.count)
            Self.expectClose(x, expected, "softmax of \(input)")
            #expect(abs(x.reduce(0, +) - 1) < 1e-6)
        }
    }

    @Test func swiGLUMatchesTheDefinition() {
        var gate = KernelReference.swiGLUGate.map(Float.init)
        let up = KernelReference.swiGLUUp.map(Float.init)
        Kernels.swiGLU(&gate, up, count: gate.count)
        Self.expectClose(gate, KernelReference.swiGLUOutput, "swiGLU")
    }

    static let ropeConfig = ToyModelConfig(
        dim: KernelReference.ropeHeadDim * KernelReference.ropeHeads, layers: 1, heads: KernelReference.ropeHeads,
        kvHeads: 1, hiddenDim: 8, vocabSize: 8, contextLength: 64, ropeTheta: Float(KernelReference.ropeTheta)
    )

    @Test func ropeMatchesTheDefinition() {
        let table = RotaryTable(config: Self.ropeConfig)
        for (position, expected) in zip(KernelReference.ropePositions, KernelReference.ropeOutputs) {
            var x = KernelReference.ropeInput.map(Float.init)
            table.rotate(&x, headCount: KernelReference.ropeHeads, position: position)
            Self.expectClose(x, expected, "rope at position \(position)")
        }
    }

    /// RoPE's defining property, checked without any reference numbers: the dot product of a
    /// query rotated to position m and a key rotated to position n depends only on m - n.
    @Test func ropeScoresDependOnlyOnTheDistance() {
        let table = RotaryTable(config: Self.ropeConfig)
        let headDim = KernelReference.ropeHeadDim
        let query = Array(KernelReference.ropeInput.prefix(headDim)).map(Float.init)
        let key = Array(KernelReference.ropeInput.suffix(headDim)).map(Float.init)
        func score(_ m: Int, _ n: Int) -> Float {
            var q = query
            var k = key
            table.rotate(&q, headCount: 1, position: m)
            table.rotate(&k, headCount: 1, position: n)
            return zip(q, k).map(*).reduce(0, +)
        }
        for (m, n) in [(5, 2), (20, 17), (63, 60)] {
            #expect(abs(score(m, n) - score(3, 0)) < 1e-4, "positions \(m), \(n)")
        }
        #expect(abs(score(9, 0) - score(3, 0)) > 1e-3, "a different distance gives a different score")
    }
}
