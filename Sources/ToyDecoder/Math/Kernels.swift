#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The numeric kernels of the forward pass, on raw pointers so the hot loops neither allocate nor
/// bounds-check. The paged path and the recompute path call the very same kernels in the same
/// order per token, so their results agree bit for bit, not only to a tolerance.
enum Kernels {
    /// `sum(a[i] * b[i])` over `count` floats, with two 8-wide SIMD accumulators.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var accumulator0 = SIMD8<Float>()
        var accumulator1 = SIMD8<Float>()
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        let stride8 = MemoryLayout<SIMD8<Float>>.size
        var i = 0
        while i + 16 <= count {
            let byteOffset = i * MemoryLayout<Float>.stride
            accumulator0 += rawA.loadUnaligned(fromByteOffset: byteOffset, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: byteOffset, as: SIMD8<Float>.self)
            accumulator1 += rawA.loadUnaligned(fromByteOffset: byteOffset + stride8, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: byteOffset + stride8, as: SIMD8<Float>.self)
            i += 16
        }
        if i + 8 <= count {
            let byteOffset = i * MemoryLayout<Float>.stride
            accumulator0 += rawA.loadUnaligned(fromByteOffset: byteOffset, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: byteOffset, as: SIMD8<Float>.self)
            i += 8
        }
        var sum = (accumulator0 + accumulator1).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// `out = W x` for a row-major `W` of shape (rows, columns).
    @inline(__always)
    static func matmul(
        _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
        rows: Int, columns: Int
    ) {
        for row in 0..<rows {
            out[row] = dot(w + row * columns, x, count: columns)
        }
    }

    /// `out = x / rms(x) * weight`; `out` may alias `x`.
    @inline(__always)
    static func rmsNorm(
        _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
        count: Int, epsilon: Float
    ) {
        let meanSquare = dot(x, x, count: count) / Float(count)
        let scale = 1 / (meanSquare + epsilon).squareRoot()
        for i in 0..<count {
            out[i] = weight[i] * (scale * x[i])
        }
    }

    /// Softmax in place over the first `count` floats, shifted by the maximum for stability.
    @inline(__always)
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var maximum = x[0]
        for i in 1..<max(count, 1) where x[i] > maximum { maximum = x[i] }
        var sum: Float = 0
        for i in 0..<count {
            let e = expf(x[i] - maximum)
            x[i] = e
            sum += e
        }
        let inverse = 1 / sum
        for i in 0..<count { x[i] *= inverse }
    }

    /// SwiGLU's activation: `silu(gate) * up`, written into `gate`.
    @inline(__always)
    static func swiGLU(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            gate[i] = g / (1 + expf(-g)) * up[i]
        }
    }

    /// `out += x`.
    @inline(__always)
    static func add(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { out[i] += x[i] }
    }

    /// `out += scale * x`.
    @inline(__always)
    static func addScaled(
        _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, scale: Float, count: Int
    ) {
        for i in 0..<count { out[i] += scale * x[i] }
    }
}
