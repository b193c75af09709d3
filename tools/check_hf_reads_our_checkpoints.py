#!/usr/bin/env python3
"""Checks that HF transformers loads the model folders ContextBench writes, unchanged, and computes
the same logits: for each architecture transformers ships (GPT-2, Llama, Mamba), creates an untrained
model with `contextbench-cli model create` from the fixture configs, loads it with
AutoModelForCausalLM.from_pretrained, and compares the last-position logits with
`contextbench-cli logits`. HyenaDNA needs its remote code (see make_model_fixtures.py): pass
--hyena-src DIR to check it too.

  .venv/bin/python tools/check_hf_reads_our_checkpoints.py build/bin/contextbench-cli [--hyena-src DIR]
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import torch
import transformers

ROOT = pathlib.Path(__file__).resolve().parent.parent


def cli(binary, *args):
    return json.loads(subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cli")
    parser.add_argument("--hyena-src")
    args = parser.parse_args()
    archs = ["gpt2", "llama", "mamba"] + (["hyena"] if args.hyena_src else [])
    tokens = [7, 12, 30, 5, 9, 41, 17, 8, 22, 3, 11, 50]
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for arch in archs:
            out = pathlib.Path(tmp) / arch
            cli(args.cli, "model", "create", "--config", str(ROOT / "tests/data/models" / arch / "config.json"),
                "--out", str(out), "--seed", "3")
            ours = cli(args.cli, "logits", "--model", str(out), "--tokens", ",".join(map(str, tokens)), "--json")
            if arch == "hyena":
                sys.path.insert(0, str(ROOT / "tools"))
                from make_model_fixtures import import_hyena  # the remote code, imported as a package
                config_class, model_class = import_hyena(args.hyena_src)
                model = model_class.from_pretrained(out, config=config_class.from_pretrained(out))
            else:
                model = transformers.AutoModelForCausalLM.from_pretrained(out)
            model.eval()
            with torch.no_grad():
                logits = model(torch.tensor([tokens])).logits[0, -1, : len(ours["logits"])]
            diff = (logits - torch.tensor(ours["logits"])).abs().max().item()
            worst = max(worst, diff)
            print(f"{arch}: HF transformers {transformers.__version__} loaded it; max |logit diff| {diff:.2e}")
    print("ok" if worst <= 1e-4 else "MISMATCH")
    return 0 if worst <= 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
