import Foundation

// DemoEmbedder OUTPUT ROOT FILE...: writes a Swift source declaring `embeddedDemoFiles`, the name
// (its path relative to ROOT: `06-paged-attention.yaml`, `practice/01-prefix-hit-rate.yaml`) and
// exact text of each FILE as an escaped string literal. Files below `recordings/` (recorded
// walkthroughs and their binary .kvlive recordings) go to `embeddedRecordingFiles` instead, in
// base64. Run by the EmbedDemos build plugin.

func swiftLiteral(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            out += "\\u{\(String(scalar.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count >= 2, let outputPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: DemoEmbedder OUTPUT ROOT FILE...\n".utf8))
    exit(64)
}
let rootComponents = URL(fileURLWithPath: arguments[arguments.startIndex + 1]).standardizedFileURL.pathComponents

/// FILE's path below ROOT, with `/` between folders; its last component if it is not below ROOT.
func embeddedName(_ url: URL) -> String {
    let components = url.standardizedFileURL.pathComponents
    guard components.count > rootComponents.count, Array(components.prefix(rootComponents.count)) == rootComponents else {
        return url.lastPathComponent
    }
    return components.dropFirst(rootComponents.count).joined(separator: "/")
}
var source = """
    // Generated at build time by the EmbedDemos plugin from demos/. Do not edit.

    let embeddedDemoFiles: [(name: String, text: String)] = [

    """
var recordings = "let embeddedRecordingFiles: [(name: String, base64: String)] = [\n"
for path in arguments.dropFirst(2) {
    let url = URL(fileURLWithPath: path)
    let name = embeddedName(url)
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("DemoEmbedder: \(path) is missing\n".utf8))
        exit(1)
    }
    if name.hasPrefix("recordings/") {
        recordings += "    (\(swiftLiteral(name)), \"\(data.base64EncodedString())\"),\n"
        continue
    }
    guard let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("DemoEmbedder: \(path) is not UTF-8\n".utf8))
        exit(1)
    }
    source += "    (\(swiftLiteral(name)), \(swiftLiteral(text))),\n"
}
source += "]\n\n" + recordings + "]\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: outputPath), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("DemoEmbedder: cannot write \(outputPath): \(error)\n".utf8))
    exit(1)
}
