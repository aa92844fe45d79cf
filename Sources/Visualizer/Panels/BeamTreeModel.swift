import Engine
import KVCore

/// The beams of one beam-search request as the paper's Fig. 9 draws them: a tree of physical
/// blocks whose root-to-leaf paths are the beams' block tables. Blocks every beam holds form the
/// trunk, a fork is where two tables first differ, and a beam dropped (or finished) in this step
/// hangs on as the branch it held when it let go of its blocks. Built from the snapshot only: the
/// live beams' block tables, the released tables the engine kept, the blocks' ref counts.
struct BeamTreeModel: Equatable {
    /// What became of a beam, as its branch is drawn.
    enum Fate: Equatable {
        /// Still searching: its path is its current block table.
        case live
        /// Dropped this step: its path is the table it held, the blocks only it held are free.
        case dropped
        /// Finished this step (the best one marked): its blocks are released.
        case finished(best: Bool)
    }

    struct Branch: Equatable {
        let request: RequestID
        let label: String
        let colorIndex: Int
        let fate: Fate
        /// The physical blocks from the root to the leaf: the beam's block table.
        let path: [BlockID]
    }

    struct Node: Equatable {
        let block: BlockID
        let depth: Int
        /// The block's ref count in the snapshot (0 once every holder let go of it).
        let refCount: Int
        var children: [Int] = []
        /// Branches whose path ends at this node.
        var leaves: [Int] = []
        /// Some live beam's table passes through this node.
        var isLive = false
        /// Only beams dropped this step pass through it: a branch the search let go of.
        var isDroppedOnly = true
    }

    /// The request the beams belong to, and its label.
    let root: RequestID
    let rootLabel: String
    let width: Int
    let branches: [Branch]
    /// Nodes in insertion order; `roots` are the depth-0 nodes (one unless tables differ from
    /// their first block).
    private(set) var nodes: [Node] = []
    private(set) var roots: [Int] = []
    /// Beams dropped in earlier steps: their blocks may hold other data now, so they are named,
    /// not drawn.
    let droppedEarlier: [String]

    /// The trees of every beam-search request of the snapshot, in request order (none when the
    /// run has no beams: no walk over the requests then).
    static func all(_ snapshot: Snapshot) -> [BeamTreeModel] {
        guard snapshot.groups.beams > 0 else { return [] }
        var released: [RequestID: Fate] = [:]
        for event in snapshot.events {
            switch event {
            case let .beamDropped(id, _): released[id] = .dropped
            case let .finished(id): released[id] = .finished(best: snapshot.request(id)?.beam?.isBest == true)
            default: break
            }
        }
        var order: [RequestID] = []
        var members: [RequestID: [RequestView]] = [:]
        for request in snapshot.requests where request.beam != nil {
            let root = request.parent ?? request.id
            if members[root] == nil { order.append(root) }
            members[root, default: []].append(request)
        }
        return order.compactMap { root in
            guard let beams = members[root], let first = beams.first(where: { $0.id == root }) ?? beams.first,
                  let width = first.beam?.width else { return nil }
            return BeamTreeModel(root: root, label: first.label, width: width, beams: beams,
                                 released: released, snapshot: snapshot)
        }
    }

    private init(root: RequestID, label: String, width: Int, beams: [RequestView],
                 released: [RequestID: Fate], snapshot: Snapshot) {
        self.root = root
        rootLabel = label
        self.width = width
        var branches: [Branch] = []
        var earlier: [String] = []
        for beam in beams {
            if !beam.blockTable.isEmpty {
                branches.append(Branch(request: beam.id, label: beam.label, colorIndex: beam.colorIndex,
                                       fate: .live, path: beam.blockTable))
            } else if let fate = released[beam.id], let table = beam.beam?.releasedTable, !table.isEmpty {
                branches.append(Branch(request: beam.id, label: beam.label, colorIndex: beam.colorIndex,
                                       fate: fate, path: table))
            } else if beam.beam?.isDropped == true {
                earlier.append(beam.label)
            }
        }
        self.branches = branches
        droppedEarlier = earlier
        for (index, branch) in branches.enumerated() { insert(index, branch, snapshot) }
    }

    private mutating func insert(_ index: Int, _ branch: Branch, _ snapshot: Snapshot) {
        var siblings = roots
        var parent: Int?
        for (depth, block) in branch.path.enumerated() {
            let node: Int
            if let found = siblings.first(where: { nodes[$0].block == block }) {
                node = found
            } else {
                let refs = block.index >= 0 && block.index < snapshot.numBlocks ? snapshot.blocks[block.index].refCount : 0
                nodes.append(Node(block: block, depth: depth, refCount: refs))
                node = nodes.count - 1
                if let parent { nodes[parent].children.append(node) } else { roots.append(node) }
            }
            if branch.fate == .live { nodes[node].isLive = true }
            if branch.fate != .dropped { nodes[node].isDroppedOnly = false }
            parent = node
            siblings = nodes[node].children
        }
        if let parent { nodes[parent].leaves.append(index) }
    }

    /// The path from a root to `node`, as block ids (what a test compares with a block table).
    func path(to node: Int) -> [BlockID] {
        var chain: [BlockID] = []
        var current: Int? = node
        while let index = current {
            chain.append(nodes[index].block)
            current = nodes.indices.first { nodes[$0].children.contains(index) }
        }
        return chain.reversed()
    }

    func node(_ index: Int) -> Node { nodes[index] }

    /// Deepest path, in blocks.
    var depth: Int { (nodes.map(\.depth).max() ?? -1) + 1 }

    /// One drawn row per leaf node (several beams ending on the same block share a row).
    var rowCount: Int { nodes.reduce(0) { $0 + ($1.leaves.isEmpty ? 0 : 1) } }
}
