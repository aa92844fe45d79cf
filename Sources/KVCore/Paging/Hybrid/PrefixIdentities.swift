/// Exact names for the token prefixes the hybrid manager has cached: the prefix that ends with a
/// full block gets a number, interned under (the number of the prefix before it, the block's
/// token ids). Two prefixes share a number only when every token id of both is equal, position
/// by position, so comparing numbers compares token ids and lineage, where the 64-bit chained
/// hash the cache index is keyed by could collide.
///
/// A number lives while something refers to it: a block published under it, a sequence whose
/// tokens have it (a later block of that sequence chains from it), or a longer prefix named
/// after it. So a cached block keeps its whole chain named, even when the blocks before it were
/// evicted (a sliding-window hit may not need them), and a prompt's chain still reaches it. At
/// zero references an entry goes, releasing its parent; numbers are never reused.
struct PrefixIdentities: Sendable {
    /// A prefix: the one before it (0 at the start of a sequence) and its last block's tokens.
    struct Key: Hashable, Sendable {
        let parent: Int
        let tokens: [TokenID]
    }

    /// The number no prefix has: a block that is not published.
    static let none = 0

    private(set) var numbers: [Key: Int] = [:]
    private var keys: [Int: Key] = [:]
    /// References to each live number.
    private(set) var references: [Int: Int] = [:]
    private var next = 1

    /// How many prefixes are named now.
    var count: Int { numbers.count }

    /// The number of the prefix `parent` followed by `tokens`, if that prefix is named.
    func lookup(parent: Int, tokens: ArraySlice<TokenID>) -> Int? {
        numbers[Key(parent: parent, tokens: Array(tokens))]
    }

    /// The numbers of the leading full blocks of `tokens` (`blockSize` each, at most `limit`)
    /// that are named, stopping at the first that is not (nothing after it can be).
    func lookupChain(of tokens: [TokenID], blockSize: Int, limit: Int) -> [Int] {
        var result: [Int] = []
        var parent = Self.none
        while result.count < limit, (result.count + 1) * blockSize <= tokens.count {
            let start = result.count * blockSize
            guard let number = lookup(parent: parent, tokens: tokens[start ..< start + blockSize]) else { break }
            result.append(number)
            parent = number
        }
        return result
    }

    /// The number of `parent` followed by `tokens`, named now if it was not, with one more
    /// reference (the caller's).
    mutating func retain(parent: Int, tokens: ArraySlice<TokenID>) -> Int {
        let key = Key(parent: parent, tokens: Array(tokens))
        let number: Int
        if let known = numbers[key] {
            number = known
        } else {
            number = next
            next += 1
            numbers[key] = number
            keys[number] = key
            if parent != Self.none { retain(parent) }
        }
        references[number, default: 0] += 1
        return number
    }

    /// One more reference to a live `number`.
    mutating func retain(_ number: Int) {
        precondition(references[number] != nil, "retaining prefix number \(number), which is not live")
        references[number]! += 1
    }

    /// One reference to `number` fewer; at zero the prefix is no longer named, and its entry's
    /// reference to the prefix before it goes too.
    mutating func release(_ number: Int) {
        var number = number
        while number != Self.none {
            guard let count = references[number] else { preconditionFailure("releasing prefix number \(number), which is not live") }
            if count > 1 {
                references[number] = count - 1
                return
            }
            references[number] = nil
            guard let key = keys.removeValue(forKey: number) else { return }
            numbers[key] = nil
            number = key.parent
        }
    }

    /// The live entries' parents: each holds one reference to its parent (for the invariants).
    var parents: [Int] { numbers.keys.map(\.parent).filter { $0 != Self.none } }
}
