import Engine
import KVCore

/// The parallel-sampling design serving the requests that hold blocks (`sampling: v1` or
/// `paper` in a scenario), named on the grid's title: vLLM v1's child requests share the prompt
/// through the prefix cache, the paper's forks share blocks and copy on write.
enum SamplingDesignLabel {
    /// The designs in use, in the order their requests appear, each with the label of its
    /// first request.
    static func designs(_ snapshot: Snapshot) -> [(design: ParallelSamplingDesign, label: String)] {
        var found: [(design: ParallelSamplingDesign, label: String)] = []
        for position in snapshot.holders {
            let request = snapshot.requests[position]
            guard let design = request.sampling, !found.contains(where: { $0.design == design }) else { continue }
            found.append((design, request.label))
        }
        return found
    }

    static func name(_ frame: Frame, _ design: ParallelSamplingDesign, long: Bool) -> String {
        switch (design, long) {
        case (.v1, true): frame.tr("v1 (child requests)", "v1（子请求）")
        case (.paper, true): frame.tr("paper (fork + copy-on-write)", "论文（分叉 + 写时复制）")
        case (.v1, false): "v1"
        case (.paper, false): frame.tr("paper", "论文")
        }
    }

    /// What the title may append, longest first (empty when no request samples in parallel).
    static func titleForms(_ frame: Frame) -> [String] {
        let found = designs(frame.snapshot)
        guard !found.isEmpty else { return [] }
        if found.count == 1 {
            let design = found[0].design
            return [frame.tr(" · sampling: ", " · 并行采样：") + name(frame, design, long: true),
                    frame.tr(" · sampling: ", " · 采样：") + name(frame, design, long: false),
                    " · " + name(frame, design, long: false)]
        }
        let each = found.map { "\($0.label) " + name(frame, $0.design, long: false) }.joined(separator: ", ")
        return [frame.tr(" · sampling: ", " · 并行采样：") + each, " · " + each]
    }
}
