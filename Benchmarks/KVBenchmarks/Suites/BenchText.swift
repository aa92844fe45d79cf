import Foundation

/// Text the benchmark reports share.
enum BenchText {
    /// A peak resident size in MiB with one decimal ("unknown" when the platform gave none).
    static func mebibytes(_ bytes: Int?) -> String {
        bytes.map { String(format: "%.1f MiB", Double($0) / Double(1 << 20)) } ?? "unknown"
    }

    /// Says so when this is a debug build, whose invariant checks make every figure slower.
    static func noteDebugBuild(_ output: BenchOutput) {
        var debug = false
        assert({ debug = true; return true }())
        if debug { output.out("build: debug (invariant checks on); use -c release for figures") }
    }
}
