extension MemoryPlan {
    /// Memory allocated outside PyTorch that the profiler charges to the engine, by vLLM
    /// version, GPU and parallelism.
    ///
    /// v1 (0.8 on) counts only what the profiling forward pass added outside PyTorch
    /// ("non-torch forward increase"): cuBLAS and attention workspaces, 0.25 GiB on one GPU
    /// (0.24-0.27 GiB in vLLM 0.19's H100 logs, 0.13 GiB with 0.15-0.17); NCCL's buffers and the custom all-reduce's
    /// IPC buffers under tensor parallelism, 2.1 GiB (2.06-2.21); with pipeline parallelism
    /// alone the point-to-point sends take 0.07 GiB. v0 (0.4-0.7) counted everything the
    /// device had in use outside PyTorch, CUDA context included, which depends on the GPU
    /// (``v0NonTorchOneGPU(_:)``), plus 1.79 GiB of NCCL buffers under tensor parallelism
    /// (vllm#10511: 1.79 GiB on one H100, 3.58 GiB on each of two). Toy GPUs have nothing
    /// of the kind.
    static func runtimeAllowance(for configuration: Configuration) -> Int {
        guard !configuration.gpu.isToy else { return 0 }
        let mib = 1 << 20
        let tp = configuration.tensorParallel
        if !configuration.vllm.isV1 {
            return v0NonTorchOneGPU(configuration.gpu) + (tp > 1 ? v0NCCLBuffers : 0)
        }
        if tp > 1 { return 2_150 * mib }
        if configuration.pipelineParallel > 1 { return 72 * mib }
        return configuration.vllm >= .v0_18 ? 256 * mib : 133 * mib
    }

    /// v0's memory outside PyTorch on one GPU, as its profiler logged it ("non_torch_memory"):
    /// the CUDA context and cuBLAS workspaces, larger on the data-centre GPUs.
    ///
    /// - H100 and H200: 1.79 GiB, the H100 log of vllm#10511 (vLLM 0.6.5, Llama-3-8B). The
    ///   H200 has no published v0 log; it runs the H100's Hopper driver stack.
    /// - A100 40/80GB: no published v0 log was found; taken as the H100's figure (a
    ///   data-centre GPU with the same driver and cuBLAS setup), an estimate.
    /// - RTX 3090, RTX 4090 and L4 (24 GB class): 0.35 GiB, the RTX 3090 log of vllm#10517
    ///   (vLLM 0.6.4, Llama-3.1-8B: "non_torch_memory=0.35GiB"). The RTX 4090 and the L4
    ///   are taken as the RTX 3090 (vLLM 0.7 logged 0.25 GiB on an RTX 4090 pair in vllm#13061,
    ///   a later profiler that no longer counts the context).
    static func v0NonTorchOneGPU(_ gpu: GPUPreset) -> Int {
        let dataCentre = ["h100", "h200", "a100"].contains { gpu.id.hasPrefix($0) }
        return dataCentre ? 1_833 << 20 : 358 << 20
    }

    /// NCCL's buffers under v0 tensor parallelism: 3.58 - 1.79 GiB on each of two H100s
    /// (vllm#10511).
    static let v0NCCLBuffers = 1_833 << 20

    /// The CUDA-graph pool vLLM estimates before capturing: 0.84 GiB, the median "Estimated
    /// CUDA graph memory" of vLLM 0.19's logs on one H100 (0.5-1.9 GiB over 59 runs: it grows
    /// with the number of captured batch sizes, 51 of each mode there, not with the model).
    /// vLLM 0.19 logs it and sizes the KV cache without it (the graphs then come out of the
    /// headroom that `gpu_memory_utilization` leaves); 0.20 subtracts it. None without graphs
    /// on the toy GPUs.
    static func cudaGraphEstimate(for configuration: Configuration) -> Int {
        guard !configuration.gpu.isToy, configuration.vllm.isV1 else { return 0 }
        return 860 << 20
    }
}
