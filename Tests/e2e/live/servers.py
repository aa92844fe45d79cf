"""Bad /metrics servers and a non-ZMQ endpoint for Tests/e2e/attach.sh, on 127.0.0.1 only.
usage: servers.py html|endless|huge|http PORT"""
import socket
import sys
import time

kind, port = sys.argv[1], int(sys.argv[2])
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(8)
server.settimeout(30)
end = time.time() + 30
while time.time() < end:
    try:
        conn, _ = server.accept()
    except socket.timeout:
        break
    conn.settimeout(5)
    try:
        if kind == "http":  # an HTTP server that never speaks ZMTP: answer 400 and close
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        else:
            conn.recv(4096)
            if kind == "html":
                body = b"<!doctype html><html><body>Welcome</body></html>"
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            elif kind == "endless":  # headers, then a trickle that never ends
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
                while time.time() < end:
                    conn.sendall(b"vllm:num_requests_running 1\n")
                    time.sleep(0.2)
            elif kind == "huge":  # an endless fast body
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
                chunk = b"# filler\n" * 10000
                while time.time() < end:
                    conn.sendall(chunk)
    except OSError:
        pass
    finally:
        conn.close()
