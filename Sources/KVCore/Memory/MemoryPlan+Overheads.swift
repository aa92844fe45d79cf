extension MemoryPlan {
    /// Memory allocated outside PyTorch that the profiler charges to the engine.
    ///
    /// v1 (0.8 on) counts only what the profiling forward pass added outside PyTorch
    /// ("non-torch forward increase"): cuBLAS and attention workspaces, 0.25 GiB on one GPU
    /// (0.24-0.27 GiB in vLLM 0.19's H100 logs, 0.13 GiB with 0.15-0.17); NCCL's buffers and the custom all-reduce's
    /// IPC buffers under tensor parallelism, 2.1 GiB (2.06-2.21); with pipeline parallelism
    /// alone the point-to-point sends take 0.07 GiB. v0 (0.4-0.7) counted everything the
    /// device had in use outside PyTorch, CUDA context included: 1.79 GiB on one H100 and
    /// 3.58 GiB with two (vLLM pull 10511's logs). Toy GPUs have nothing of the kind.
    static func runtimeAllowance(for configuration: Configuration) -> Int {
        guard !configuration.gpu.isToy else { return 0 }
        let mib = 1 << 20
        let tp = configuration.tensorParallel
        if !configuration.vllm.isV1 {
            return tp > 1 ? 3_666 * mib : 1_833 * mib
        }
        if tp > 1 { return 2_150 * mib }
        if configuration.pipelineParallel > 1 { return 72 * mib }
        return configuration.vllm >= .v0_18 ? 256 * mib : 133 * mib
    }

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
