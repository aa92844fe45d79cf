import Foundation
import KVCore

extension LogExplanation {
    /// The refusal of a `max_model_len` that does not fit, with its numbers and both fixes
    /// (``StartupRefusal``, shared with `kvviz memory`'s prediction).
    var refusalLines: [String]? {
        guard let refusal = log.refusal else { return nil }
        let total = log.totalGiB?.value
        let utilization = log.utilization?.value ?? 0.9
        switch refusal {
        case let .tokens(maxLen, capacity, line):
            var bytesPerToken: Double?
            if let kv = log.kvGiB?.value, let blocks = log.gpuBlocks?.value, blocks > 0 {
                bytesPerToken = kv * Self.gib / Double(blocks * 16)
            } else if let plan {
                bytesPerToken = Double(plan.kvBytesPerToken)
            }
            return StartupRefusal(maxModelLen: maxLen,
                                  shortfall: .tokens(capacity: capacity, blocks: log.gpuBlocks?.value, blockSize: 16),
                                  bytesPerToken: bytesPerToken, utilization: utilization, totalGiB: total, line: line)
                .lines(chinese: chinese)
        case let .memory(maxLen, needed, available, estimate, line):
            return StartupRefusal(maxModelLen: maxLen,
                                  shortfall: .memory(neededGiB: needed, availableGiB: available, estimatedMaxLen: estimate),
                                  bytesPerToken: nil, utilization: utilization, totalGiB: total, line: line)
                .lines(chinese: chinese)
        }
    }
}
