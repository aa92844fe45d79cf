"""Bad /metrics servers and a non-ZMQ endpoint for Tests/e2e/attach.sh, on 127.0.0.1 only.
usage: servers.py html|endless|huge|http|metrics PORT"""
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
            if kind == "metrics":  # a vLLM-shaped page (names and labels as vLLM v1 exports them)
                body = (b'vllm:num_requests_running{engine="0",model_name="m"} 3.0\n'
                        b'vllm:num_requests_waiting{engine="0",model_name="m"} 1.0\n'
                        b'vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.25\n'
                        b'vllm:prefix_cache_queries_total{engine="0",model_name="m"} 400.0\n'
                        b'vllm:prefix_cache_hits_total{engine="0",model_name="m"} 100.0\n'
                        b'vllm:num_preemptions_total{engine="0",model_name="m"} 2.0\n'
                        b'vllm:cache_config_info{block_size="16",engine="0",num_gpu_blocks="8192"} 1.0\n')
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nTransfer-Encoding: chunked\r\n\r\n"
                             + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
            elif kind == "html":
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
