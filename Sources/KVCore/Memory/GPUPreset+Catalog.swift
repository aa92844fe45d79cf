extension GPUPreset {
    /// Every GPU the command line knows: real ones first, then the toy ones.
    ///
    /// Real GPUs carry the total that `nvidia-smi` reports (in MiB, so bytes = MiB x 2^20),
    /// which is also the total vLLM sees: a little under the marketing "GB" figure for most
    /// (an H100 80GB reports 81,559 MiB = 79.65 GiB) because the driver keeps some for itself.
    /// Toy GPUs are round GiB sizes chosen so that a 7B model leaves a demo-sized pool.
    public static let all: [GPUPreset] = real + toys

    public static let real: [GPUPreset] = [l4_24gb, rtx4090_24gb, a100_40gb, a100_80gb, h100_80gb, h200_141gb]

    /// Made-up GPUs for demos. With LLaMA-2-7B (12.55 GiB of weights): `toy-15gb` leaves 91
    /// blocks of 16 tokens, `toy-16gb` 206; `toy-4gb` holds it only split with `--tp 4`.
    public static let toys: [GPUPreset] = [toy4gb, toy15gb, toy16gb]

    public static let l4_24gb = GPUPreset(
        id: "l4-24gb", displayName: "NVIDIA L4 24GB", memoryBytes: 23_034 * mebibyte)
    public static let rtx4090_24gb = GPUPreset(
        id: "rtx4090-24gb", displayName: "NVIDIA GeForce RTX 4090 24GB", memoryBytes: 24_564 * mebibyte)
    public static let a100_40gb = GPUPreset(
        id: "a100-40gb", displayName: "NVIDIA A100 40GB", memoryBytes: 40_960 * mebibyte)
    /// The default of `kvviz memory --gpu`.
    public static let a100_80gb = GPUPreset(
        id: "a100-80gb", displayName: "NVIDIA A100 80GB", memoryBytes: 81_920 * mebibyte)
    public static let h100_80gb = GPUPreset(
        id: "h100-80gb", displayName: "NVIDIA H100 80GB HBM3", memoryBytes: 81_559 * mebibyte)
    public static let h200_141gb = GPUPreset(
        id: "h200-141gb", displayName: "NVIDIA H200 141GB", memoryBytes: 143_771 * mebibyte)

    public static let toy4gb = GPUPreset(
        id: "toy-4gb", displayName: "toy GPU 4 GiB", memoryBytes: 4 * gibibyte, isToy: true)
    public static let toy15gb = GPUPreset(
        id: "toy-15gb", displayName: "toy GPU 15 GiB", memoryBytes: 15 * gibibyte, isToy: true)
    public static let toy16gb = GPUPreset(
        id: "toy-16gb", displayName: "toy GPU 16 GiB", memoryBytes: 16 * gibibyte, isToy: true)

    private static let mebibyte = 1 << 20
    private static let gibibyte = 1 << 30
}
