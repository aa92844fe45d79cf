"""Writes the .msgpack fixtures: payloads printed in public issues and PRs (see README.md),
re-encoded with msgspec the way vLLM's publisher encodes them. Run: python3 make_fixtures.py"""
import msgspec

enc = msgspec.msgpack.Encoder()

# volcano-sh/kthena#1535 (vLLM v0.26.0, Qwen3-8B): the batch an array, the event a tagged map.
kthena = [1789095808.8378847, [{
    "type": "BlockStored", "block_hashes": [15760518052499183552], "parent_block_hash": None,
    "token_ids": [151644, 872, 198, 9064, 374, 279, 6722, 315, 5616, 30, 151645, 198, 151644, 77091, 198, 151667],
    "block_size": 16, "lora_id": None, "medium": "GPU", "lora_name": None, "extra_keys": [None],
    "group_idx": 0, "kv_cache_spec_kind": "full_attention"}], 0]
open("kthena-1535-v0.26.msgpack", "wb").write(enc.encode(kthena))

# vllm-project/vllm#27803 (subscriber output, 2025-10-30): the first 35 hashes as printed, in
# the positional encoding of that time; token ids are not in the excerpt (left empty).
hashes = [4284880390408332321, 10213826896782787679, 3183184509886770661, 7251224405867864614,
          8341545233125192348, 12378907579655121043, 14794472770077922479, 2911784457389965703,
          7393205912409360766, 3776059689939480896, 8459663641987404414, 4900447184701453572,
          14403751224113441883, 13591491112796586472, 3082090753980091136, 5208102941214350444,
          2608872609635553044, 17080687294271316042, 805449029435203383, 14937486166679545949,
          11420842647078863071, 14853264515562726714, 6557796437390922215, 14924828871638754922,
          6366802411602536891, 9757903514407268322, 15094448516190839866, 7112046178930017369,
          7225502282846182835, 9248672451901749688, 11727337390887387331, 18174474959339759123,
          14430651167667501247, 7305493589982563250, 5377423696412368354]
pr27803 = [1761816192.1347115, [["BlockStored", hashes, None, [], 16, None, "GPU", None]], 0]
open("vllm-27803-v0.11-array.msgpack", "wb").write(enc.encode(pr27803))

# ai-dynamo/dynamo#5386 (docs/router/kv_events.md): a publisher that sends hashes as signed
# 64-bit integers and omits medium (its shape; the hash values are chosen to cover -1, a small
# value and Int64.min).
dynamo = {"ts": 1736700000.0, "events": [{
    "type": "BlockStored", "block_hashes": [-1, 42, -9223372036854775808], "parent_block_hash": None,
    "token_ids": list(range(12)), "block_size": 4, "lora_id": None},
    {"type": "BlockRemoved", "block_hashes": [42]}], "data_parallel_rank": 0}
open("dynamo-5386-signed-map.msgpack", "wb").write(enc.encode(dynamo))
