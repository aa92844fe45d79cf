import Foundation

/// The second baseline of `kvviz bench --trace`: nano-vllm's own `BlockManager`
/// (`nanovllm/engine/block_manager.py` of a nano-vllm checkout the user names with
/// `--nano-vllm PATH`), replayed by `Benchmarks/python/nanovllm_replay.py`. None of nano-vllm's
/// code ships with kvviz: the driver loads the user's file by path. It needs a python3 with
/// numpy and xxhash; without them, or without a checkout, the report says what to install or
/// pass and the benchmark goes on.
public enum NanoVLLMBaseline {
    /// The driver in the repository, and where `scripts/install.sh` puts it under PREFIX.
    public static let scriptRelativePath = "Benchmarks/python/nanovllm_replay.py"
    public static let installedRelativePath = "share/kvviz/nanovllm_replay.py"
    /// The file the driver loads, inside a nano-vllm checkout.
    public static let blockManagerRelativePath = "nanovllm/engine/block_manager.py"
    /// The driver's exit status for "nothing to measure with" (see its docstring).
    static let unavailableStatus: Int32 = 3

    /// What the report says when `--nano-vllm` was not given.
    public static let notRequested = "pass --nano-vllm PATH, a nano-vllm checkout (git clone https://github.com/GeeeekExplorer/nano-vllm), to compare with its BlockManager (needs python3 with numpy and xxhash)"

    /// Why `path` cannot be the checkout `--nano-vllm` names (nil when it can): it must be a
    /// folder holding `nanovllm/engine/block_manager.py`, or that file itself.
    public static func checkoutProblem(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return "--nano-vllm: \(path): no such file or folder; pass the folder of a nano-vllm checkout (git clone https://github.com/GeeeekExplorer/nano-vllm)"
        }
        if !isFolder.boolValue {
            guard path.hasSuffix(".py"), FileManager.default.isReadableFile(atPath: path) else {
                return "--nano-vllm: \(path): not a folder; pass the folder of a nano-vllm checkout (or its \(blockManagerRelativePath))"
            }
            return nil
        }
        let file = URL(fileURLWithPath: path).appendingPathComponent(blockManagerRelativePath).path
        guard FileManager.default.isReadableFile(atPath: file) else {
            return "--nano-vllm: \(path): has no \(blockManagerRelativePath); pass the folder of a nano-vllm checkout (git clone https://github.com/GeeeekExplorer/nano-vllm)"
        }
        return nil
    }

    /// Replays `trace` through the checkout's block manager, or says why it did not. The driver
    /// is found like the Python baseline's script: beside the binary's install or in the
    /// checkout it was built in, never in the working directory.
    public static func measure(checkout: String?, trace: String,
                               executablePath: String = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "") -> PythonBaselineOutcome {
        guard let checkout else { return .skipped(reason: notRequested) }
        guard let script = PythonBaseline.locateScript(relativePath: scriptRelativePath, installedRelativePath: installedRelativePath,
                                                       executablePath: executablePath) else {
            return .skipped(reason: "\(scriptRelativePath) not found beside the kvviz binary (its install or checkout; the working directory is never searched): reinstall with scripts/install.sh")
        }
        guard let python = PythonBaseline.findPython3() else {
            return .skipped(reason: "python3 is not on PATH (it needs numpy and xxhash: pip install numpy xxhash)")
        }
        return PythonBaseline.run(python: python, script: script, arguments: ["--nano-vllm=\(checkout)"], trace: trace,
                                  unavailableStatus: unavailableStatus)
    }
}
