/// The outcome of running a workload on a contiguous configuration: time-averaged shares of
/// KV memory and the run's counts.
public struct ContiguousReport: Sendable, Equatable {
    public let policy: ContiguousPolicy
    public let capacitySlots: Int
    /// Steps run, idle ones included.
    public let steps: Int
    /// Steps in which some request held memory: the steps the averages cover (gaps between
    /// arrivals say nothing about an allocation policy).
    public let busySteps: Int
    public let completedRequests: Int
    public let peakConcurrentRequests: Int
    /// Slot-steps of each part summed over the busy steps.
    let slotSteps: ContiguousUsage
    /// The parts of KV memory averaged over the busy steps (sum 1; all 0 before any).
    var averageShares: ContiguousShares { slotSteps.shares }
}
