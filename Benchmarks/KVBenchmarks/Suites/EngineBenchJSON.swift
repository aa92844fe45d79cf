import KVBase

extension EngineBenchmarkResult {
    /// `bench --engine --json` in kvviz's JSON style: the simulate run, then forward, back, their
    /// ratio, and peak RSS (VmHWM) before and after; seconds as floats, bytes as integers.
    public var json: JSONObject {
        var object = JSONObject()
        object.add("simulate_steps", simulation.steps)
        object.add("simulate_completed_requests", simulation.completedRequests)
        object.add("simulate_wall_seconds", simulation.wallSeconds, digits: 6)
        object.add("simulate_steps_per_second", simulation.stepsPerSecond, digits: 1)
        object.add("forward_steps", forwardSteps)
        object.add("forward_seconds", forwardSeconds, digits: 6)
        object.add("forward_steps_per_second", forwardStepsPerSecond, digits: 1)
        object.add("back_steps", backSteps)
        object.add("back_seconds", backSeconds, digits: 6)
        object.add("back_steps_per_second", backStepsPerSecond, digits: 1)
        object.add("back_forward_ratio", backForwardRatio, digits: 3)
        object.add("vm_hwm_before_bytes", peakRSSBefore)
        object.add("vm_hwm_after_forward_bytes", peakRSSAfterForward)
        object.add("vm_hwm_after_back_bytes", peakRSSAfterBack)
        object.add("debug_build", isDebugBuild)
        return object
    }
}
