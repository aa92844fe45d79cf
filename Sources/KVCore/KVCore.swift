import Foundation
/// The memory-management simulation: paging, memory model, contiguous baselines, scheduling.
public enum KVCoreInfo { public static let name = "KVCore" }
