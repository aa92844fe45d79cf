import Engine
import KVCore

/// A strategy's names in `kvviz compare`'s table and JSON: the engine's results carry the
/// strategy as a value, and its words live here.
extension StrategyResult.Strategy {
    /// "contiguous-max", "contiguous-pow2", "contiguous-oracle" or "paged".
    public var name: String {
        switch self {
        case let .contiguous(policy): "contiguous-\(policy.rawValue)"
        case .paged: "paged"
        }
    }

    /// A label for tables, e.g. "Orca (Max)" or "vLLM (paged)".
    public var displayName: String {
        switch self {
        case .contiguous(.max): "Orca (Max)"
        case .contiguous(.pow2): "Orca (Pow2)"
        case .contiguous(.oracle): "Orca (Oracle)"
        case .paged: "vLLM (paged)"
        }
    }
}

extension StrategyResult {
    public var name: String { strategy.name }
    public var displayName: String { strategy.displayName }
}

extension ComparisonReport {
    /// The result of the strategy `kvviz compare` names `name`.
    public func strategy(named name: String) -> StrategyResult? {
        strategies.first { $0.name == name }
    }
}
