import KVBase
import KVCore

/// A headless run that cannot start or cannot finish. Each case keeps the figures it is about;
/// `description` words it as one line naming the input, the value and the fix, e.g.
/// "block size is 0: use a positive number of token slots per block".
public enum RunError: KVVizError, Equatable, Sendable {
    /// A size that must be a positive integer and is not (`field` as the user knows it).
    case notPositive(field: String, value: Int, unit: String)
    /// More sequences at once than a run may schedule.
    case tooManySequences(Int, ceiling: Int)
    /// A block larger than a run may simulate.
    case blockTooLarge(Int, ceiling: Int)
    /// More token slots in the pool than a run may simulate.
    case poolTooLarge(blocks: Int, blockSize: Int, ceilingSlots: Int)
    /// A pool whose bookkeeping needs more than a run may hold (nil: more than 8 EiB).
    case bookkeepingTooLarge(blocks: Int, blockSize: Int, neededBytes: Int?, ceilingBytes: Int)
    /// A request trace whose longest request is longer than max_model_len.
    case traceLongerThanMaxModelLen(path: String, longest: Int, maxModelLen: Int)
    /// A request trace whose longest request needs more blocks than the pool has.
    case traceNeverFits(longest: Int, blocks: Int, pool: PoolSize)
    /// A generated workload whose largest request (all its samples) needs more than the pool.
    case requestNeverFits(request: Int, length: Int, samples: Int, blocks: Int, pool: PoolSize)
    /// A workload whose max_model_len reservation (contiguous-max) is larger than the pool.
    case reservationNeverFits(maxModelLen: Int, samples: Int, capacitySlots: Int)
    /// The paged run still had requests after `maxSteps` steps.
    case didNotFinish(maxSteps: Int)
    /// The workload's settings.
    case workload(WorkloadSpecError)
    /// The request trace, on its second reading.
    case trace(RequestTraceError)
    /// A contiguous baseline that cannot serve the workload.
    case contiguous(ContiguousPolicy, ContiguousError)
    /// The engine refused its configuration.
    case engine(EngineError)

    /// A pool as the fit errors quote it: blocks of `blockSize` slots.
    public struct PoolSize: Equatable, Sendable {
        public let blockSize: Int
        public let numBlocks: Int
        public let capacitySlots: Int

        public init(blockSize: Int, numBlocks: Int, capacitySlots: Int) {
            self.blockSize = blockSize
            self.numBlocks = numBlocks
            self.capacitySlots = capacitySlots
        }
    }

    public var description: String {
        switch self {
        case let .notPositive(field, value, unit):
            "\(field) is \(value): use a positive number of \(unit)"
        case let .tooManySequences(value, ceiling):
            "max-num-seqs \(value) is above the ceiling of \(ceiling) sequences a run may schedule at once: use a smaller value"
        case let .blockTooLarge(value, ceiling):
            "block size \(value) is above the ceiling of \(ceiling) token slots a block: use a smaller block size"
        case let .poolTooLarge(blocks, blockSize, ceiling):
            "pool of \(blocks) blocks x \(blockSize) slots is above the ceiling of \(ceiling) token slots a run may "
                + "simulate: use fewer blocks or a smaller GPU"
        case let .bookkeepingTooLarge(blocks, blockSize, needed, ceiling):
            "pool of \(blocks) blocks x \(blockSize) slots needs \(needed.map { ByteCount.binary($0) } ?? "more than 8 EiB") "
                + "of bookkeeping, above the \(ByteCount.binary(ceiling)) ceiling of a run: use larger blocks or fewer of them"
        case let .traceLongerThanMaxModelLen(path, longest, maxLen):
            "\(path): its longest request holds \(longest) tokens, above max_model_len \(maxLen); raise --max-model-len "
                + "to at least \(longest) (or leave it out: a trace's default is its longest request)"
        case let .traceNeverFits(longest, blocks, pool):
            "the trace cannot fit even one request: its longest holds \(longest) tokens = \(blocks) blocks of "
                + "\(pool.blockSize) slots, but the pool has \(pool.numBlocks) blocks (\(pool.capacitySlots) slots); "
                + "use a larger capacity or GPU, or fewer requests (--requests)"
        case let .requestNeverFits(request, length, samples, blocks, pool):
            "the workload cannot fit even one request: request \(request) holds \(length) tokens x \(samples) "
                + "sample(s) = \(blocks) blocks of \(pool.blockSize) slots, but the pool has \(pool.numBlocks) blocks "
                + "(\(pool.capacitySlots) slots); use a larger capacity or GPU, or a smaller max model length"
        case let .reservationNeverFits(maxLen, samples, capacity):
            "the workload cannot fit even one request under contiguous-max: it reserves max_model_len \(maxLen) "
                + "slots x \(samples) sample(s) but the pool has \(capacity) slots; use a capacity of at least "
                + "\(maxLen * samples) tokens"
        case let .didNotFinish(maxSteps):
            "paged run did not finish in \(maxSteps) steps: report this workload"
        case let .workload(error): error.description
        case let .trace(error): error.description
        case let .contiguous(policy, error): "contiguous-\(policy.rawValue): \(error.description)"
        case let .engine(error): error.description
        }
    }
}
