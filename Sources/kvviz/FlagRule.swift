/// A rule of the command line broken: flags that exclude or need each other, a name or a
/// folder a flag cannot use. Each case keeps the values it is about; `text` words it, after
/// the subject the error names (the flag, or the flag and its value).
enum FlagRule: Equatable {
    /// `--model and --config`.
    case bothNameAModel
    /// `--model` absent where no default model exists (`choices`: the presets).
    case missingModel(choices: [String])
    /// `--workload` and `--workload-file`.
    case workloadAndTrace
    /// `--fit-spread` with another workload than sharegpt.
    case fitSpreadNeedsShareGPT
    /// `bench` without a suite, and `--json` with several.
    case noBenchSuite
    case jsonWithSuites(Int)
    /// `bench --nano-vllm` without `--trace`: the baseline replays the trace.
    case nanoVLLMWithoutTrace
    /// `--step` without `--format svg`, and `--format svg` without `-o DIR` or `--step`.
    case stepWithoutSVG
    case slidesWithoutFolder
    /// `--step` past the walkthrough's last step.
    case stepPastEnd(step: Int, last: Int)
    /// `-o FILE` for SVG slides, which need a folder.
    case slidesIntoFile
    /// `--gpu` without a model to predict for.
    case gpuWithoutModel
    case unknownVLLM(String)
    case speed(String)
    case emptyPrompt
    /// `--prompt` + `--max-tokens` past the toy model's context.
    case beyondContext(promptTokens: Int, maxTokens: Int, context: Int)
    case atomicToStandardOutput
    /// `--atomic` on what is not a regular file (`node`: "a FIFO", "a folder", ...).
    case atomicNotRegular(node: String)
    case notAFolder
    case noScenarioFiles
    /// A walkthrough name that is not in the catalog, and the names that are.
    case unknownWalkthrough(known: [String])

    /// True for the lines that name their flags themselves (no `subject:` before them).
    var namesItsFlags: Bool {
        switch self {
        case .fitSpreadNeedsShareGPT, .gpuWithoutModel, .beyondContext: true
        default: false
        }
    }

    var text: String {
        switch self {
        case .bothNameAModel: "both name a model; pass one of them"
        case let .missingModel(choices):
            "is missing; pass --model (one of \(choices.joined(separator: ", "))) or --config FILE (or --list)"
        case .workloadAndTrace: "names a generated workload, --workload-file a trace; pass one of them"
        case .fitSpreadNeedsShareGPT: "--fit-spread fits the sharegpt workload: drop --workload or pass --workload sharegpt"
        case .noBenchSuite: "no suite named; pass --trace FILE, --decoder, --frame, --engine, --scale, --events or --workload FILE"
        case let .jsonWithSuites(count): "prints one document, and \(count) suites are named; run one suite per --json run"
        case .nanoVLLMWithoutTrace: "compares the --trace replay with nano-vllm; pass --trace FILE too"
        case .stepWithoutSVG: "picks one SVG slide; use it with --format svg"
        case .slidesWithoutFolder: "writes one file per narration cue; pass -o DIR, or --step N for one slide"
        case let .stepPastEnd(step, last): "is \(step), but the walkthrough ends at step \(last); use a step up to that"
        case .slidesIntoFile: "is a file; --format svg writes a folder of slides, so name a folder"
        case .gpuWithoutModel: "--gpu only sets up a prediction: add --config FILE or --model ID"
        case let .unknownVLLM(text): "\(text) is not a vLLM release kvviz follows (0.4 to 0.x); pass one such as 0.19, v0.6.3 or latest"
        case let .speed(text): "is \(text); use steps per second between 0 and 1000, e.g. 2"
        case .emptyPrompt: "is empty; give at least one character"
        case let .beyondContext(prompt, maxTokens, context):
            "--prompt (\(prompt) tokens) + --max-tokens (\(maxTokens)) exceeds the toy model's context of \(context) tokens: "
                + "lower --max-tokens to at most \(max(context - prompt, 0)) or shorten --prompt"
        case .atomicToStandardOutput: "there is no file to replace on standard output; pass -o PATH with it"
        case let .atomicNotRegular(node): "--atomic replaces only a regular file, and this is \(node); drop --atomic to write through it"
        case .notAFolder: "is not a folder; name a folder of scenario files (.yaml, .yml, .json)"
        case .noScenarioFiles: "has no scenario files; put .yaml, .yml or .json walkthroughs in it"
        case let .unknownWalkthrough(known): "not found; see kvviz demo --list (\(known.joined(separator: ", ")))"
        }
    }
}
