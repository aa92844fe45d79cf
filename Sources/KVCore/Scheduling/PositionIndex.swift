/// A map from an integer key to a position in some array, looked up without hashing for the
/// keys that matter: keys in `0 ..< directLimit` index an array (position + 1, 0 for none), any
/// other key goes to a dictionary. The request table finds its chunks through one (key: id / 64)
/// and the engine's snapshot its request views (key: the request id).
public struct PositionIndex: Sendable, Equatable {
    /// Keys below this are looked up in `direct`; 65,536 keys cost at most 256 KiB.
    @usableFromInline static let directLimit = 1 << 16
    /// Position + 1 by key (0: no position).
    @usableFromInline var direct: [Int32] = []
    @usableFromInline var others: [Int: Int] = [:]

    public init() {}

    /// The position of `key`; setting nil removes it.
    public subscript(key: Int) -> Int? {
        @inlinable get {
            if key >= 0, key < Self.directLimit {
                guard key < direct.count else { return nil }
                let stored = direct[key]
                return stored > 0 ? Int(stored) - 1 : nil
            }
            return others[key]
        }
        set {
            guard key >= 0, key < Self.directLimit else {
                others[key] = newValue
                return
            }
            if key >= direct.count {
                guard newValue != nil else { return }
                direct.append(contentsOf: repeatElement(0, count: key + 1 - direct.count))
            }
            direct[key] = newValue.map { Int32($0 + 1) } ?? 0
        }
    }

    /// Every key with a position, in increasing order.
    public var sortedKeys: [Int] {
        let other = others.keys.sorted()
        var keys = other.filter { $0 < 0 }
        for (key, stored) in direct.enumerated() where stored > 0 { keys.append(key) }
        keys.append(contentsOf: other.filter { $0 >= 0 })
        return keys
    }
}
