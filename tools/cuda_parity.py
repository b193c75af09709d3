#!/usr/bin/env python3
"""ContextBench's last-position logits on a CUDA GPU (fp32 and bf16, through `contextbench-cli
logits`) against the CPU fp32 reference logits of tests/data/models. Prints one JSON line per
(model, dtype) with the max absolute difference and the logit scale.

  python tools/cuda_parity.py path/to/contextbench-cli
"""
import json
import pathlib
import subprocess
import sys

from safetensors.torch import load_file

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    cli = sys.argv[1]
    for arch in ("gpt2", "gpt2_save_model", "llama", "llama_sharded", "mamba", "hyena"):
        folder = ROOT / "tests/data/models" / arch
        ref = load_file(str(folder / "reference.safetensors"))
        ids = ref["input_ids"][0].tolist()
        expected = ref["logits"][0, -1]
        for dtype in ("fp32", "bf16"):
            out = subprocess.run([cli, "logits", "--model", str(folder), "--tokens", ",".join(map(str, ids)),
                                  "--device", "cuda", "--dtype", dtype, "--json"], check=True, capture_output=True, text=True)
            got = json.loads(out.stdout)
            diff = max(abs(a - b) for a, b in zip(got["logits"], expected.tolist()))
            print(json.dumps({"model": arch, "dtype": dtype, "device": got["device"], "max_abs_diff": diff,
                              "max_abs_logit": expected.abs().max().item(),
                              "argmax_agrees": got["argmax"] == int(expected.argmax())}), flush=True)


if __name__ == "__main__":
    main()
