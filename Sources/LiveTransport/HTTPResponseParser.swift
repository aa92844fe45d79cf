/// Reads an HTTP/1.1 response from the bytes received so far: nil while it is incomplete.
enum HTTPResponseParser {
    static func complete(_ data: [UInt8], closed: Bool = false) throws(HTTPGet.Failure) -> HTTPGet.Response? {
        guard let end = headerEnd(data) else {
            if closed || data.count > 64 << 10 { throw HTTPGet.Failure(data.isEmpty ? "the server sent nothing" : "the server did not answer HTTP") }
            return nil
        }
        let head = String(decoding: data[..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw HTTPGet.Failure("the server did not answer HTTP")
        }
        var length: Int?
        var chunked = false
        var contentType: String?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            if name == "content-length" { length = Int(value) }
            if name == "transfer-encoding" && value.lowercased().contains("chunked") { chunked = true }
            if name == "content-type" { contentType = value }
        }
        let body = Array(data[(end + 4)...])
        if chunked {
            guard let decoded = try dechunk(body) else {
                if closed { throw HTTPGet.Failure("the server closed the connection mid-response") }
                return nil
            }
            return HTTPGet.Response(status: status, contentType: contentType, body: decoded)
        }
        if let length {
            guard body.count >= length else { return closed ? nil : nil }
            return HTTPGet.Response(status: status, contentType: contentType, body: Array(body.prefix(length)))
        }
        return closed ? HTTPGet.Response(status: status, contentType: contentType, body: body) : nil
    }

    static func headerEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for index in 0...(data.count - 4) where data[index] == 13 && data[index + 1] == 10 && data[index + 2] == 13 && data[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// A chunked body decoded, or nil while its last chunk has not arrived.
    static func dechunk(_ body: [UInt8]) throws(HTTPGet.Failure) -> [UInt8]? {
        var out: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = (index..<max(index, body.count - 1)).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }) else { return nil }
            let sizeText = String(decoding: body[index..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: " "), radix: 16), size >= 0 else { throw HTTPGet.Failure("a chunked body with a bad chunk size") }
            if size == 0 { return out }
            let start = lineEnd + 2
            guard body.count >= start + size + 2 else { return nil }
            out += body[start..<(start + size)]
            index = start + size + 2
        }
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
