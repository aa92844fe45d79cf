/// Reads a request trace one record at a time, in constant memory: detects the format (or
/// takes the given one), reads the Azure header, skips blank lines, and checks that arrival
/// times never go backwards. Every problem is a `RequestTraceError` naming the line and field.
final class RequestTraceReader {
    let format: RequestTraceFormat
    private let lines: TraceLineReader
    private let azure: AzureTraceColumns?
    /// A Mooncake first line, read to detect the format and not yet returned.
    private var pending: RequestTraceRecord?
    private var previous: RequestTraceRecord?

    var path: String { lines.path }

    init(path: String, format given: RequestTraceFormat?) throws(RequestTraceError) {
        let kind = "an Azure CSV or a Mooncake JSONL trace"
        lines = try TraceLineReader(path: path, expecting: kind)
        var firstLine: [UInt8]?
        while firstLine == nil {
            guard let line = try lines.nextLine({ Array($0) }) else {
                throw RequestTraceError(path: path, line: nil, .empty(expecting: kind))
            }
            if line.contains(where: { !Self.isSpace($0) }) { firstLine = line }
        }
        let first = firstLine ?? []
        let lineNumber = lines.lineNumber
        let detected = first.withUnsafeBufferPointer { RequestTraceFormat.detect(firstLine: $0, path: path) }
        guard let format = given ?? detected else {
            throw RequestTraceError(path: path, line: lineNumber, .unknownFormat)
        }
        self.format = format
        switch format {
        case .azure:
            do {
                azure = try first.withUnsafeBufferPointer { buffer throws(RequestTraceFieldError) in
                    try AzureTraceColumns(header: buffer)
                }
            } catch {
                throw RequestTraceError(path: path, line: lineNumber, field: error.field, error.problem)
            }
        case .mooncake:
            azure = nil
            pending = try first.withUnsafeBufferPointer { buffer throws(RequestTraceError) in
                try parse(buffer, line: lineNumber)
            }
            try checkOrder(pending!)
        }
    }

    /// The next request, or nil at the end of the file.
    func next() throws(RequestTraceError) -> RequestTraceRecord? {
        if let record = pending {
            pending = nil
            return record
        }
        while true {
            let parsed = try lines.nextLine { bytes throws(RequestTraceError) -> RequestTraceRecord? in
                guard bytes.contains(where: { !Self.isSpace($0) }) else { return nil }
                return try parse(bytes, line: lines.lineNumber)
            }
            guard let outcome = parsed else { return nil }  // end of file
            guard let record = outcome else { continue }  // a blank line
            try checkOrder(record)
            return record
        }
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws(RequestTraceError) -> RequestTraceRecord {
        do throws(RequestTraceFieldError) {
            var record: RequestTraceRecord
            if let azure {
                record = try azure.record(bytes)
            } else {
                record = try MooncakeTraceLine.record(bytes)
            }
            record.line = line
            return record
        } catch {
            throw RequestTraceError(path: path, line: line, field: error.field, error.problem)
        }
    }

    private func checkOrder(_ record: RequestTraceRecord) throws(RequestTraceError) {
        defer { previous = record }
        guard let previous, record.timeMicros < previous.timeMicros else { return }
        let field = format == .azure ? "TIMESTAMP" : "timestamp"
        throw RequestTraceError(path: path, line: record.line, field: field,
                                .outOfOrder(earlierMicros: previous.timeMicros - record.timeMicros, previousLine: previous.line))
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
