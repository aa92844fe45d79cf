extension GPUPreset {
    /// Every GPU the command line knows: real ones first, then the toy ones.
    ///
    /// Real GPUs carry the total that vLLM sizes its pool from: `torch.cuda.mem_get_info()`'s
    /// total, which vLLM logs as `total_gpu_memory`. It is below both the marketing "GB" and
    /// `nvidia-smi`'s total (an A100 80GB shows 81,920 MiB in `nvidia-smi` but 79.15 GiB to
    /// PyTorch) because the driver and the CUDA context keep some for themselves. Figures read
    /// in published vLLM logs: A100 80GB 79.15 GiB, A100 40GB 39.39 GiB, H100 80GB 79.19 GiB
    /// (79.22 GiB on another driver), RTX 4090 23.55 GiB. L4 and H200 are estimated the same
    /// way (`nvidia-smi`'s total less about 0.45 GiB): 22.05 GiB and 139.8 GiB.
    /// Toy GPUs are round GiB sizes chosen so that a 7B model leaves a demo-sized pool.
    public static let all: [GPUPreset] = real + toys

    static let real: [GPUPreset] = [l4_24gb, rtx4090_24gb, a100_40gb, a100_80gb, h100_80gb, h200_141gb]

    /// Made-up GPUs for demos, with nothing but the model on them (no CUDA context, no
    /// allowance for memory outside PyTorch). With LLaMA-2-7B (12.55 GiB of weights):
    /// `toy-15gb` leaves 85 blocks of 16 tokens, `toy-16gb` 200; `toy-4gb` holds it only
    /// split with `--tp 4`.
    static let toys: [GPUPreset] = [toy4gb, toy15gb, toy16gb]

    static let l4_24gb = GPUPreset(
        id: "l4-24gb", displayName: "NVIDIA L4 24GB", memoryBytes: 22_579 * mebibyte)
    static let rtx4090_24gb = GPUPreset(
        id: "rtx4090-24gb", displayName: "NVIDIA GeForce RTX 4090 24GB", memoryBytes: 24_115 * mebibyte)
    public static let a100_40gb = GPUPreset(
        id: "a100-40gb", displayName: "NVIDIA A100 40GB", memoryBytes: 40_335 * mebibyte)
    /// The default of `kvviz memory --gpu`.
    public static let a100_80gb = GPUPreset(
        id: "a100-80gb", displayName: "NVIDIA A100 80GB", memoryBytes: 81_050 * mebibyte)
    static let h100_80gb = GPUPreset(
        id: "h100-80gb", displayName: "NVIDIA H100 80GB HBM3", memoryBytes: 81_091 * mebibyte)
    public static let h200_141gb = GPUPreset(
        id: "h200-141gb", displayName: "NVIDIA H200 141GB", memoryBytes: 143_155 * mebibyte)

    static let toy4gb = GPUPreset(
        id: "toy-4gb", displayName: "toy GPU 4 GiB", memoryBytes: 4 * gibibyte, isToy: true)
    static let toy15gb = GPUPreset(
        id: "toy-15gb", displayName: "toy GPU 15 GiB", memoryBytes: 15 * gibibyte, isToy: true)
    static let toy16gb = GPUPreset(
        id: "toy-16gb", displayName: "toy GPU 16 GiB", memoryBytes: 16 * gibibyte, isToy: true)

    private static let mebibyte = 1 << 20
    private static let gibibyte = 1 << 30
}
