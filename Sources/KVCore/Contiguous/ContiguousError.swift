import KVBase

/// Why a workload cannot run on a contiguous configuration. Checked before the first step, so
/// a request that could never be admitted is reported instead of waiting forever.
public enum ContiguousError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    /// The request's samples reserve more slots than the whole memory holds.
    case neverFits(request: Int, reservationSlots: Int, samples: Int, capacitySlots: Int)
    /// Prompt + output is longer than the model allows.
    case exceedsMaxModelLen(request: Int, finalLength: Int, maxModelLen: Int)
    /// More parallel samples than sequences may run at once.
    case tooManySamples(request: Int, samples: Int, maxNumSeqs: Int)
    /// A configuration field out of range.
    case invalidConfig(field: String, value: Int, fix: String)

    public var description: String {
        switch self {
        case let .neverFits(request, reservation, samples, capacity):
            let need = samples == 1 ? "\(reservation) slots" : "\(samples) x \(reservation) slots"
            return "request \(request) reserves \(need) but capacity is \(capacity) slots: "
                + "raise the capacity or use a smaller reservation policy"
        case let .exceedsMaxModelLen(request, finalLength, maxModelLen):
            return "request \(request) holds \(finalLength) tokens, above max_model_len \(maxModelLen): "
                + "raise max_model_len or shorten the request"
        case let .tooManySamples(request, samples, maxNumSeqs):
            return "request \(request) wants \(samples) samples but max_num_seqs is \(maxNumSeqs): "
                + "raise max_num_seqs or lower the samples"
        case let .invalidConfig(field, value, fix):
            return "contiguous \(field) is \(value): \(fix)"
        }
    }
}
