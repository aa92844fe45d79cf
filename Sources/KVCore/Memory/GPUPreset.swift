/// A GPU, reduced to what the memory model needs: how many bytes it holds.
public struct GPUPreset: Sendable, Hashable, Identifiable {
    /// The id the command line takes, e.g. `a100-80gb`.
    public let id: String
    /// The product name, e.g. `NVIDIA A100 80GB`.
    public let displayName: String
    /// Total device memory in bytes as vLLM sees it (`torch.cuda.mem_get_info`; see ``GPUPreset/all``).
    public let memoryBytes: Int
    /// True for the made-up small GPUs that give demos a pool of a few hundred blocks.
    public let isToy: Bool

    public init(id: String, displayName: String, memoryBytes: Int, isToy: Bool = false) {
        self.id = id
        self.displayName = displayName
        self.memoryBytes = memoryBytes
        self.isToy = isToy
    }

    /// Finds a preset by its id (case-insensitive); throws a message listing the known ids.
    public static func named(_ id: String) throws(MemoryError) -> GPUPreset {
        guard let preset = all.first(where: { $0.id == id.lowercased() }) else {
            throw .unknownGPU(id)
        }
        return preset
    }
}
