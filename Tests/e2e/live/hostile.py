"""Hostile KV-event frames for Tests/e2e/attach.sh: each must give kvviz a clear message and
never a crash or a hang. Binds 127.0.0.1 only. usage: hostile.py PORT"""
import sys
import time

import msgspec
import zmq

port = int(sys.argv[1])
ctx = zmq.Context.instance()
pub = ctx.socket(zmq.XPUB)
pub.bind(f"tcp://127.0.0.1:{port}")
deadline = time.time() + 20
while time.time() < deadline:
    if pub.poll(100) and pub.recv()[:1] == b"\x01":
        break
else:
    sys.exit("hostile: no subscriber came")
time.sleep(0.3)


def seq(n):
    return n.to_bytes(8, "big", signed=True)


good = msgspec.msgpack.encode([1.0, [["BlockStored", [1, 2], None, [], 16, None, "GPU"]], 0])
frames = [
    [b"t", seq(0), good],
    [b"t", seq(1), good[:-3]],                                               # truncated msgpack
    [b"t", seq(2), msgspec.msgpack.encode([1.0, [["BlockStored", "x", None, [], 16, None, "GPU"]]])],  # wrong type
    [b"t", seq(3), b"\x92\xcb" + b"\0" * 8 + b"\x91\x92\xacBlockRemoved\xdd\x00\x98\x96\x80\x01"],  # 10 million hashes claimed
    [b"t", seq(4), b"\x92\xcb" + b"\0" * 8 + b"\x91\x82\xa4type\xabBlockStored\xaaextra_keys" + b"\x91" * 200_000 + b"\xc0"],  # deep nesting
    [b"t", seq(5), msgspec.msgpack.encode(list(range(3)))],                  # a batch of the wrong shape
    [b"only-two-frames", seq(6)],                                            # not topic/sequence/payload
    [b"t", b"\x01\x02", good],                                               # a 2-byte sequence
    [b"t", seq(7), msgspec.msgpack.encode([2.0, [["BlockStored", [3], 2, [], 16, None, "GPU"]]])],
    [b"t", seq(3), good],                                                    # backwards within the window: a duplicate
    [b"t", seq(50_000), msgspec.msgpack.encode([3.0, [["BlockStored", [4], None, [], 16, None, "GPU"]]])],
    [b"t", seq(0), msgspec.msgpack.encode([4.0, [["BlockStored", [5, 6], None, [], 16, None, "GPU"]]])],  # restart
]
for message in frames:
    pub.send_multipart(message)
    time.sleep(0.05)
time.sleep(1)
