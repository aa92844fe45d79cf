extension ServerMetrics {
    /// The figures of several data-parallel ranks' pages taken together, where a sum means
    /// something: requests running and waiting, preemptions, prefix-cache queries and hits (so
    /// the hit rate is the ranks' tokens together), the pool (`num_gpu_blocks` added up). KV usage
    /// is a share of each rank's own pool: together it is the ranks' used blocks over their
    /// blocks, known only when every page gives both. A figure one page lacks is unknown in the
    /// sum. Empty: nil.
    public static func sum(_ pages: [ServerMetrics]) -> ServerMetrics? {
        guard !pages.isEmpty else { return nil }
        func total(_ field: KeyPath<ServerMetrics, Double?>) -> Double? {
            pages.reduce(Double?(0)) { sum, page in sum.flatMap { value in page[keyPath: field].map { value + $0 } } }
        }
        var result = ServerMetrics()
        result.running = total(\.running)
        result.waiting = total(\.waiting)
        result.preemptions = total(\.preemptions)
        result.prefixQueries = total(\.prefixQueries)
        result.prefixHits = total(\.prefixHits)
        let pools = pages.map(\.poolBlocks)
        if pools.allSatisfy({ $0 != nil }) {
            let blocks = pools.reduce(0) { $0 + ($1 ?? 0) }
            result.cacheConfig["num_gpu_blocks"] = String(blocks)
            if blocks > 0, pages.allSatisfy({ $0.usage != nil }) {
                result.usage = pages.reduce(0.0) { $0 + ($1.usage ?? 0) * Double($1.poolBlocks ?? 0) } / Double(blocks)
            }
        }
        if let size = pages[0].blockSize, pages.allSatisfy({ $0.blockSize == size }) {
            result.cacheConfig["block_size"] = String(size)
        }
        return result
    }
}
