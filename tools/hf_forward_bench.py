#!/usr/bin/env python3
"""Forward latency of the HF reference implementations, for the ratios of `contextbench-cli
model-bench`: the same configs (bench/configs), random weights, batch 1, bf16 on a CUDA GPU, logits
for every position (as ContextBench computes them), median of N passes after 2 warm-up passes.
HyenaDNA needs its port (--hyena-src, see make_model_fixtures.py); Mamba runs HF's pure-PyTorch path
when mamba-ssm is not installed. Prints one JSON line per (model, context).

  python tools/hf_forward_bench.py --contexts 1024,4096,16384 [--hyena-src DIR]
"""
import argparse
import json
import pathlib
import statistics
import sys
import time

import torch
import transformers

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))


def build(name, longest, hyena_src):
    cfg = json.loads((ROOT / "bench/configs" / f"{name}.json").read_text())
    for key in ("n_positions", "n_ctx", "max_seq_len"):
        if key in cfg:
            cfg[key] = max(cfg[key], longest)
    arch = cfg["architectures"][0]
    if arch == "HyenaDNAForCausalLM":
        from make_model_fixtures import import_hyena
        config_class, model_class = import_hyena(hyena_src)
        config = config_class(**{k: v for k, v in cfg.items() if k not in ("architectures", "model_type")})
        return model_class(config)
    config = transformers.AutoConfig.for_model(cfg.pop("model_type"), **{k: v for k, v in cfg.items() if k != "architectures"})
    return getattr(transformers, arch)(config)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="llama-base,gpt-base,mamba-tiny,hyena-large")
    parser.add_argument("--contexts", default="1024,4096,16384")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--hyena-src")
    parser.add_argument("--max-context", default="gpt-base=4096,mamba-tiny=4096",
                        help="per model: longest context to run (GPT's positions end at 4K; HF's Mamba path is slow)")
    args = parser.parse_args()
    limits = dict(item.split("=") for item in args.max_context.split(",") if item)
    contexts = [int(c) for c in args.contexts.split(",")]
    for name in args.models.split(","):
        if name == "hyena-large" and not args.hyena_src:
            continue
        runs = [c for c in contexts if c <= int(limits.get(name, 1 << 30))]
        torch.manual_seed(0)
        model = build(name, max(runs), args.hyena_src).to("cuda", torch.bfloat16).eval()
        repeats = args.repeats if name != "mamba-tiny" else 3
        for context in runs:
            ids = torch.randint(7, 39818, (1, context), device="cuda")
            with torch.no_grad():
                try:
                    for _ in range(2):
                        model(ids)
                    torch.cuda.synchronize()
                    torch.cuda.reset_peak_memory_stats()
                    times = []
                    for _ in range(repeats):
                        start = time.perf_counter()
                        model(ids)
                        torch.cuda.synchronize()
                        times.append((time.perf_counter() - start) * 1000)
                    ms = statistics.median(times)
                    print(json.dumps({"impl": "hf", "model": name, "context": context, "median_ms": ms,
                                      "tokens_per_s": context / ms * 1000,
                                      "peak_mb": torch.cuda.max_memory_allocated() / 2**20,
                                      "transformers": transformers.__version__, "device": torch.cuda.get_device_name()}),
                          flush=True)
                except torch.cuda.OutOfMemoryError:
                    print(json.dumps({"impl": "hf", "model": name, "context": context, "error": "out of memory"}), flush=True)
                    torch.cuda.empty_cache()
        del model
        torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
