#if canImport(Glibc)
import KVBase
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 GET over a POSIX socket, for a server's `/metrics` page.
///
/// Chosen over URLSession (FoundationNetworking pulls libcurl into a static Linux binary) and
/// over a package (none is vendored here): kvviz needs one plain-text GET on a local network,
/// and a small client keeps the binary self-contained and every bound explicit. Bounded in time
/// (a deadline for the whole exchange, connect included) and in size (the body stops at
/// `maxBytes`); `https` is refused with a hint; chunked and Content-Length bodies are read.
public enum HTTPGet {
    public struct URL: Equatable, Sendable {
        public var host: String
        public var port: Int
        public var path: String

        public static func parse(_ text: String) -> URL? {
            guard text.hasPrefix("http://") else { return nil }
            let rest = text.dropFirst(7)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[..<slash]
            let path = slash == rest.endIndex ? "/" : String(rest[slash...])
            var host = String(authority), port = 80
            if let colon = authority.lastIndex(of: ":") {
                guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else { return nil }
                host = String(authority[..<colon])
                port = value
            }
            guard !host.isEmpty, !path.contains(where: { $0 == " " || $0 == "\r" || $0 == "\n" }) else { return nil }
            return URL(host: host, port: port, path: path)
        }
    }

    public struct Failure: KVVizError, Equatable, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public struct Response: Sendable {
        public var status: Int
        public var contentType: String?
        public var body: [UInt8]
    }

    public static func get(_ url: URL, timeout: Duration = .seconds(2), maxBytes: Int = 4 << 20) -> Result<Response, Failure> {
        let deadline = ContinuousClock.now + timeout
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(url.host, String(url.port), &hints, &list) == 0, let first = list else {
            return .failure(Failure("cannot resolve host \(url.host)"))
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return .failure(Failure("cannot open a socket")) }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 && errno != EINPROGRESS {
            return .failure(Failure("cannot connect to \(url.host):\(url.port) (\(String(cString: strerror(errno))))"))
        }
        guard wait(fd, for: Int16(POLLOUT), until: deadline) else { return .failure(Failure("no connection to \(url.host):\(url.port) within \(timeout)")) }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        guard error == 0 else { return .failure(Failure("cannot connect to \(url.host):\(url.port) (\(String(cString: strerror(error))))")) }

        let request = Array("GET \(url.path) HTTP/1.1\r\nHost: \(url.host):\(url.port)\r\nAccept: text/plain\r\nConnection: close\r\nUser-Agent: kvviz\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            guard wait(fd, for: Int16(POLLOUT), until: deadline) else { return .failure(Failure("the server did not take the request within \(timeout)")) }
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { if errno == EAGAIN || errno == EINTR { continue }; return .failure(Failure("the connection closed while sending")) }
            sent += n
        }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let headerLimit = 64 << 10
        while true {
            guard wait(fd, for: Int16(POLLIN), until: deadline) else {
                return .failure(Failure("the page did not end within \(timeout) (\(data.count) bytes read)"))
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { if errno == EAGAIN || errno == EINTR { continue }; return .failure(Failure("the connection failed while reading")) }
            if n == 0 { break }
            data += chunk[..<n]
            if data.count > maxBytes + headerLimit { return .failure(Failure("the page is larger than \(maxBytes / 1_048_576) MiB")) }
            do {
                if let response = try HTTPResponseParser.complete(data) {
                    return response.body.count > maxBytes ? .failure(Failure("the page is larger than \(maxBytes / 1_048_576) MiB")) : .success(response)
                }
            } catch {
                return .failure(error)
            }
        }
        switch Result(catching: { try HTTPResponseParser.complete(data, closed: true) }) {
        case let .success(response?): return .success(response)
        case .success(nil): return .failure(Failure("the server closed the connection mid-response"))
        case let .failure(error): return .failure(error as? Failure ?? Failure("\(error)"))
        }
    }

    static func wait(_ fd: Int32, for events: Int16, until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let left = deadline - ContinuousClock.now
            let ms = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            guard ms > 0 else { return false }
            var item = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&item, 1, ms)
            if ready > 0 { return true }
            if ready < 0 && errno == EINTR { continue }
            return false
        }
    }
}
