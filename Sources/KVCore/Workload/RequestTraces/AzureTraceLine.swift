/// The Azure LLM inference trace format (Azure/AzurePublicDataset, 2023): a CSV file whose
/// header names `TIMESTAMP`, `ContextTokens` and `GeneratedTokens` (any order, other columns
/// ignored), then one request a line, e.g. `2023-11-16 18:17:03.9799600,4808,10`.
struct AzureTraceColumns {
    static let timestamp = "TIMESTAMP"
    static let context = "ContextTokens"
    static let generated = "GeneratedTokens"
    static let required = [timestamp, context, generated]

    let count: Int
    let timestampIndex: Int
    let contextIndex: Int
    let generatedIndex: Int

    /// Reads the header line; the column names match without regard to case or spaces.
    init(header: UnsafeBufferPointer<UInt8>) throws(RequestTraceFieldError) {
        let names = Self.split(header).map {
            String(decoding: UnsafeBufferPointer(rebasing: header[$0]), as: UTF8.self)
                .filter { $0 != " " && $0 != "\t" && $0 != "\u{FEFF}" }.lowercased()
        }
        func index(_ name: String) throws(RequestTraceFieldError) -> Int {
            guard let found = names.firstIndex(of: name.lowercased()) else {
                throw RequestTraceFieldError(name, .missingColumn(required: Self.required))
            }
            return found
        }
        count = names.count
        timestampIndex = try index(Self.timestamp)
        contextIndex = try index(Self.context)
        generatedIndex = try index(Self.generated)
    }

    /// One data line as a record (its `line` left 0 for the reader to set).
    func record(_ bytes: UnsafeBufferPointer<UInt8>) throws(RequestTraceFieldError) -> RequestTraceRecord {
        let fields = Self.split(bytes)
        guard fields.count == count else {
            throw RequestTraceFieldError(fields.count < count ? Self.required[Swift.min(fields.count, 2)] : nil,
                                         .fieldCount(fields.count, header: count))
        }
        let time = try Self.time(UnsafeBufferPointer(rebasing: bytes[fields[timestampIndex]]))
        let context = try TraceNumber.integer(UnsafeBufferPointer(rebasing: bytes[fields[contextIndex]]), field: Self.context)
        let generated = try TraceNumber.integer(UnsafeBufferPointer(rebasing: bytes[fields[generatedIndex]]), field: Self.generated)
        try RequestTraceLimits.checkPrompt(context, field: Self.context)
        try RequestTraceLimits.checkOutput(generated, field: Self.generated)
        return RequestTraceRecord(line: 0, timeMicros: time, inputLength: context, outputLength: generated, hashIDs: [])
    }

    /// Ranges of the comma-separated fields (the traces quote nothing).
    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ",") {
            ranges.append(start..<index)
            start = index + 1
        }
        ranges.append(start..<bytes.count)
        return ranges
    }

    /// `YYYY-MM-DD HH:MM:SS[.fraction]` (UTC) as microseconds since 1970.
    static func time(_ bytes: UnsafeBufferPointer<UInt8>) throws(RequestTraceFieldError) -> Int64 {
        let text = Array(bytes.drop { $0 == UInt8(ascii: " ") }.reversed().drop { $0 == UInt8(ascii: " ") }.reversed())
        func fail() -> RequestTraceFieldError {
            let shown = String(decoding: text.prefix(40), as: UTF8.self)
            return RequestTraceFieldError(timestamp, .notTime(shown: shown))
        }
        func digits(_ from: Int, _ count: Int) throws(RequestTraceFieldError) -> Int {
            guard from + count <= text.count else { throw fail() }
            var value = 0
            for byte in text[from..<(from + count)] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw fail() }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func separator(_ at: Int, _ expected: [Character]) throws(RequestTraceFieldError) {
            guard at < text.count, expected.contains(Character(UnicodeScalar(text[at]))) else { throw fail() }
        }
        let year = try digits(0, 4)
        try separator(4, ["-"])
        let month = try digits(5, 2)
        try separator(7, ["-"])
        let day = try digits(8, 2)
        try separator(10, [" ", "T"])
        let hour = try digits(11, 2)
        try separator(13, [":"])
        let minute = try digits(14, 2)
        try separator(16, [":"])
        let second = try digits(17, 2)
        var micros = 0
        if text.count > 19 {
            try separator(19, ["."])
            let fraction = text.count - 20
            guard fraction >= 1, fraction <= 9 else { throw fail() }
            let value = try digits(20, fraction)
            var scaled = value
            for _ in 0..<(fraction < 6 ? 6 - fraction : 0) { scaled *= 10 }
            for _ in 0..<(fraction > 6 ? fraction - 6 : 0) { scaled /= 10 }
            micros = scaled
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { throw fail() }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Int64(seconds) * 1_000_000 + Int64(micros)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Whole numbers in trace fields, with the reason a field is not one.
enum TraceNumber {
    /// A decimal integer (optional sign, surrounding spaces allowed).
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>, field: String) throws(RequestTraceFieldError) -> Int {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<Swift.min(end, start + 40)]), as: UTF8.self)
        guard start < end else { throw RequestTraceFieldError(field, .emptyNumber) }
        var negative = false
        var index = start
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end else { throw RequestTraceFieldError(field, .textNotNumber(text)) }
        var value = 0
        while index < end {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw RequestTraceFieldError(field, .textNotWholeNumber(text))
            }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !o1, !o2 else {
                throw RequestTraceFieldError(field, .tooManyTokens(shown: text, maximum: RequestTraceLimits.maxTokens, column: true))
            }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }
}
