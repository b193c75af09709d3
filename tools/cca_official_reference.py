#!/usr/bin/env python3
"""Runs the official CCA-Attention implementation on a GPU, for parity fixtures and timings.

The official code (github.com/chenyaofo/CCA-Attention, commit 052cc8e, codebase/core/) is not part of
ContextBench: fetch it yourself and pass the folder holding cca.py and cca_pooling.py. This script
only calls its public functions.

    python tools/cca_official_reference.py --official PATH/codebase/core --out DIR [--bench]

Writes DIR/cca_official.safetensors: bf16 inputs q, k, v ([1, H, L, 64], after RoPE, K/V expanded)
and the official output for each (L, g, s) case, named out_L{L}_g{g}_s{s}. With --bench, prints one
JSON line per timing: SDPA flash causal, official CCA with its shipped block configuration, and with
the block configuration it uses on A100 (sm80), at 4K, 16K and 64K.
"""
import argparse
import importlib.util
import json
import pathlib
import sys

import torch
from safetensors.torch import save_file


def load(folder, name):
    spec = importlib.util.spec_from_file_location(name, pathlib.Path(folder) / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def official_cca(modules, q, k, v, g, s):
    """Pooling with the official weight functions, then the official Triton kernel."""
    pooling, kernel = modules
    b, h, length, d = q.shape
    groups = (length - s) // g if length > s else 0
    keys, values = k, v
    if groups > 0:
        used = groups * g
        weights = pooling.fast_calculate_fusion_weights(q[:, :, :used].transpose(1, 2), k[:, :, :used].transpose(1, 2), groups, h)
        weights = weights.permute(0, 2, 1, 3).unsqueeze(-1).contiguous()
        flat_k = k[:, :, :used].transpose(1, 2).reshape(b, used, -1)
        flat_v = v[:, :, :used].transpose(1, 2).reshape(b, used, -1)
        pk, pv = pooling._weight_pooling(weights, flat_k, flat_v, g, h)
        pk = pk.reshape(b, groups, h, -1).transpose(1, 2).contiguous()
        pv = pv.reshape(b, groups, h, -1).transpose(1, 2).contiguous()
        keys, values = torch.cat([pk, k], 2), torch.cat([pv, v], 2)
    return kernel.cca_attention_v2(q, keys, values, causal=True, pool_size=g, window_size=s)


def median_ms(fn, repeats=10):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--official", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--bench", action="store_true")
    args = parser.parse_args()
    modules = (load(args.official, "cca_pooling"), load(args.official, "cca"))
    torch.manual_seed(0)
    tensors = {}
    for length, g, s in [(1500, 16, 256), (2100, 16, 1024), (700, 8, 128)]:
        q, k, v = (torch.randn(1, 4, length, 64, device="cuda", dtype=torch.bfloat16) for _ in range(3))
        out = official_cca(modules, q, k, v, g, s)
        tag = f"L{length}_g{g}_s{s}"
        tensors[f"q_{tag}"], tensors[f"k_{tag}"], tensors[f"v_{tag}"] = q.cpu(), k.cpu(), v.cpu()
        tensors[f"out_{tag}"] = out.cpu()
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(out_dir / "cca_official.safetensors"), metadata={"source": "chenyaofo/CCA-Attention@052cc8e"})

    if args.bench:
        device = torch.cuda.get_device_name()
        shipped = modules[1].get_fwd_config
        for length in [4096, 16384, 65536]:
            q, k, v = (torch.randn(1, 12, length, 64, device="cuda", dtype=torch.bfloat16) for _ in range(3))
            rows = [("sdpa_flash_causal", lambda: torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True))]
            rows.append(("official_cca_shipped", lambda: official_cca(modules, q, k, v, 16, 1024)))
            for name, fn in rows:
                print(json.dumps({"impl": name, "context": length, "median_ms": median_ms(fn), "device": device}), flush=True)
            modules[1].get_fwd_config = lambda B, H, M, N, D, causal: (128, 64, 4, 4)  # its sm80 choice for D <= 64
            print(json.dumps({"impl": "official_cca_sm80_blocks", "context": length,
                              "median_ms": median_ms(lambda: official_cca(modules, q, k, v, 16, 1024)), "device": device}), flush=True)
            modules[1].get_fwd_config = shipped


if __name__ == "__main__":
    main()
