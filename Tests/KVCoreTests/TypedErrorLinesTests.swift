import Testing
import KVBase
@testable import KVCore

/// The errors of config.json files, request traces and vLLM logs keep what went wrong as typed
/// cases; each case renders to its one line, worded in one place.
@Suite("Typed error lines")
struct TypedErrorLinesTests {
    @Test func everyConfigProblemRendersItsLine() {
        let lines: [(ModelConfigError.Problem, String)] = [
            (.notJSON, "is not JSON: pass a Hugging Face config.json"),
            (.notObject, "is not a JSON object: pass a Hugging Face config.json"),
            (.missingModelType, "is missing: a Hugging Face config.json names its model_type"),
            (.missing, "is missing: kvviz needs it to size the model; copy it from the model's config.json"),
            (.modelTypeNotString(shown: "12"), "is 12: expected the model family as a string, e.g. \"llama\""),
            (.notWholeNumber(shown: "1.5"), "is 1.5: expected a whole number"),
            (.outOfRange(shown: "0", range: 1...64), "is 0: expected 1 to 64"),
            (.notFraction(shown: "2"), "is 2: expected a fraction above 0 and at most 1"),
            (.notBool(shown: "\"yes\""), "is \"yes\": expected true or false"),
            (.notDType(shown: "\"int3\""), "is \"int3\": expected float32, float16 or bfloat16"),
            (.notQuantizationObject(shown: "a list"), "is a list: expected an object"),
            (.quantizationWithoutWidth,
             "has no config_groups.*.weights.num_bits: kvviz cannot tell the weight width; remove the block to size the checkpoint unquantized"),
            (.unknownQuantization(method: "bnb", known: ConfigReader.quantizationMethods),
             "uses quant_method 'bnb', which kvviz cannot size: fp8, compressed-tensors, gptq, awq and mxfp4 are known"),
            (.unknownFamily("bert", known: ["llama", "mistral"]), "is 'bert', which kvviz cannot size: use one of llama, mistral"),
            (.notDivisible(value: 32, divisor: 3, divisorName: "num_key_value_heads"),
             "is 32, not divisible by num_key_value_heads 3: each KV head must serve a whole group of heads; check both fields"),
            (.layerTypes(layers: 26), "is not a list of 26 strings, one per layer: copy it from the model's config.json"),
            (.interleavedExperts,
             "is not 1: kvviz sizes Llama 4 with experts in every layer (Scout); dense-and-MoE interleaving is not modelled"),
            (.absurdSize(parameters: 1e18), "makes a model of about 1e+18 parameters: check the config's sizes"),
        ]
        for (problem, line) in lines {
            #expect(ModelConfigError(file: "c.json", field: nil, problem).description == "c.json: " + line)
            #expect(ModelConfigError(file: "c.json", field: "num_heads", problem).description == "c.json: field 'num_heads' " + line)
        }
    }

    @Test func everyTraceProblemRendersItsLine() {
        let keys = MooncakeTraceLine.keys
        let lines: [(RequestTraceError.Problem, String)] = [
            (.readFailed(reason: "I/O error"), "cannot be read (I/O error); check the file"),
            (.empty(expecting: "a trace"), "is empty; give a trace"),
            (.headerOnly, "has a header but no requests; add request lines"),
            (.unknownFormat, "is neither a Mooncake JSON line nor an Azure CSV header; pass --workload-format azure or mooncake"),
            (.lineTooLong(maximum: 1024),
             "line is longer than 1024 bytes; a trace line holds one request: check that this is an Azure CSV or a Mooncake JSONL"),
            (.outOfOrder(earlierMicros: 1_500, previousLine: 4), "arrives 1.500 ms before the request on line 4; sort the file by arrival time"),
            (.outOfOrder(earlierMicros: 2_000, previousLine: 4), "arrives 2 ms before the request on line 4; sort the file by arrival time"),
            (.timeScale(0.0, maximum: 1000), "is 0.0; use a factor above 0 and at most 1000 (2: arrivals twice as fast)"),
            (.stepMilliseconds(-1.0), "is -1.0; use a step length above 0 ms and at most an hour"),
            (.requestCount(0), "is 0; use at least 1 request"),
            (.notJSON(column: 7, reason: "expected ',' or '}'", keys: keys),
             "not valid JSON at column 7 (expected ',' or '}'); give one JSON object a line with timestamp, input_length, output_length, hash_ids"),
            (.missingKey(keys: keys), "is missing; each line needs timestamp, input_length, output_length, hash_ids"),
            (.missingColumn(required: AzureTraceColumns.required),
             "is missing from the header; an Azure trace's header names TIMESTAMP,ContextTokens,GeneratedTokens"),
            (.fieldCount(2, header: 3), "the line has 2 fields but the header names 3; give one value per column"),
            (.notTime(shown: "yesterday"), "\"yesterday\" is not a time; use YYYY-MM-DD HH:MM:SS.fffffff as the Azure traces do"),
            (.tooManyTokens(shown: "99999999999", maximum: 67_108_864, column: true),
             "is 99999999999, above the 67108864 tokens a request may hold; check the column, or cut the request"),
            (.tooManyTokens(shown: "1e+20", maximum: 67_108_864, column: false),
             "is 1e+20, above the 67108864 tokens a request may hold; check the field, or cut the request"),
            (.promptBelowOne(0), "is 0; a prompt needs at least 1 token"),
            (.negativeOutput(-5), "is -5; use a token count of 0 or more"),
            (.emptyNumber, "is empty; give a whole number of tokens"),
            (.textNotNumber("-"), "\"-\" is not a number; give a whole number of tokens"),
            (.textNotWholeNumber("4.5"), "\"4.5\" is not a whole number; give a whole number of tokens"),
            (.notWholeNumber(4.5), "is 4.5, not a whole number; give a whole number of tokens"),
            (.notNumber(kind: "a string"), "is a string, not a number; give a whole number of tokens"),
            (.timestampNotNumber(kind: "a list"), "is a list, not a number; give the arrival in milliseconds"),
            (.timestampOutOfRange(-3.0), "is -3.0; give the arrival in milliseconds, 0 or more"),
            (.hashIDsNotIntegers, "holds something other than whole numbers; give a list of integer block ids"),
            (.hashIDsNotList(kind: "a number"), "is a number, not a list; give a list of integer block ids"),
            (.hashIDOutOfRange(-1, maximum: 9), "holds -1; block ids are 0 to 9"),
            (.hashIDCount(2, promptTokens: 1500, blockTokens: 512, blocks: 3),
             "has 2 ids for 1500 prompt tokens; give one id per 512-token block (3)"),
        ]
        for (problem, line) in lines {
            #expect(RequestTraceError(path: "t.csv", line: 3, field: "ContextTokens", problem).description
                == "t.csv:3: field ContextTokens: " + line)
            #expect(RequestTraceError(path: "t.csv", line: nil, problem).description == "t.csv: " + line)
        }
    }

    /// A bad trace line gives the typed case, with the field and the value it is about.
    @Test func aBadTraceLineGivesItsTypedProblem() throws {
        let path = try RequestTraceFiles.write("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00,-5,3\n", name: "typed.csv")
        do {
            _ = try RequestTrace.scan(path: path)
            Issue.record("a negative prompt length was read")
        } catch {
            #expect(error.problem == .promptBelowOne(-5) && error.field == "ContextTokens" && error.line == 2)
        }
    }

    @Test func everyVLLMLogProblemRendersItsLine() {
        let lines: [(VLLMLogError.Problem, String)] = [
            (.empty, "is empty: pass the log `vllm serve` prints at start-up"),
            (.notVLLM(line: 2, text: "hello"),
             "line 2 'hello' is not a vLLM line, and no other line is either; pass the log `vllm serve` prints at start-up"),
            (.endsEarly(line: 9, text: "Loading weights"),
             "ends at line 9 'Loading weights' before vLLM sized its KV cache (no 'GPU KV cache size', '# GPU blocks' or "
                + "'Available KV cache memory'); pass the whole start-up log"),
            (.impossibleFigure(line: 4, text: "x", figure: "GPU memory", value: 9000.0),
             "line 4 'x' gives GPU memory 9000.0, which no GPU has; check the log is not corrupted"),
        ]
        for (problem, line) in lines {
            #expect(VLLMLogError(file: "v.log", problem: problem).description == "v.log: " + line)
        }
    }
}
