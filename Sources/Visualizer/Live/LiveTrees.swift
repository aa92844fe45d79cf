import KVEvents

/// One tier's cached blocks arranged as prefix trees for drawing: each tree's blocks in
/// depth-first order (a parent before its children), trees largest first. Built once per change
/// of the cache, in `LiveScreen.refresh`, never in `view`.
public struct LiveTrees: Sendable, Equatable {
    public struct Tree: Sendable, Equatable {
        public var root: BlockHash
        /// Blocks in depth-first order with their depth below the root.
        public var blocks: [(hash: BlockHash, depth: Int)]
        /// Whether the root's parent was named but is not cached (the tree lost its prefix).
        public var orphan: Bool

        public static func == (lhs: Tree, rhs: Tree) -> Bool {
            lhs.root == rhs.root && lhs.orphan == rhs.orphan && lhs.blocks.elementsEqual(rhs.blocks) { $0.hash == $1.hash && $0.depth == $1.depth }
        }
    }

    public var tier: CacheTier
    public var trees: [Tree]

    public init(tier: CacheTier, trees: [Tree]) {
        self.tier = tier
        self.trees = trees
    }

    public init(tier: CacheTier, state: PrefixCacheState.Tier) {
        self.tier = tier
        var children: [BlockHash: [BlockHash]] = [:]
        var roots: [(BlockHash, Bool)] = []
        for (hash, block) in state.blocks {
            if let parent = block.parent, parent != hash, state.blocks[parent] != nil {
                children[parent, default: []].append(hash)
            } else {
                roots.append((hash, block.parent != nil))
            }
        }
        var built: [Tree] = []
        built.reserveCapacity(roots.count)
        var seen = Set<BlockHash>()
        for (root, orphan) in roots {
            var order: [(hash: BlockHash, depth: Int)] = []
            var stack: [(BlockHash, Int)] = [(root, 0)]
            while let (hash, depth) = stack.popLast() {
                guard seen.insert(hash).inserted else { continue }  // a cycle of parents cannot loop
                order.append((hash, depth))
                for child in (children[hash] ?? []).sorted(by: >) { stack.append((child, depth + 1)) }
            }
            built.append(Tree(root: root, blocks: order, orphan: orphan))
        }
        // Blocks on a parent cycle have no root: each cycle becomes a tree of its own.
        for hash in state.blocks.keys.sorted() where !seen.contains(hash) {
            var order: [(hash: BlockHash, depth: Int)] = []
            var stack: [(BlockHash, Int)] = [(hash, 0)]
            while let (next, depth) = stack.popLast() {
                guard seen.insert(next).inserted else { continue }
                order.append((next, depth))
                for child in (children[next] ?? []).sorted(by: >) { stack.append((child, depth + 1)) }
            }
            built.append(Tree(root: hash, blocks: order, orphan: true))
        }
        trees = built.sorted { $0.blocks.count != $1.blocks.count ? $0.blocks.count > $1.blocks.count : $0.root < $1.root }
    }

    public var blockCount: Int { trees.reduce(0) { $0 + $1.blocks.count } }

    /// The block at flat position `index` (trees in order, blocks in order).
    public func block(at index: Int) -> (tree: Int, hash: BlockHash, depth: Int)? {
        var rest = index
        for (number, tree) in trees.enumerated() {
            if rest < tree.blocks.count { return (number, tree.blocks[rest].hash, tree.blocks[rest].depth) }
            rest -= tree.blocks.count
        }
        return nil
    }
}
