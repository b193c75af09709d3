#!/usr/bin/env python3
"""Tiny reference models and their logits, for checking ContextBench's GPT-2, Llama, Mamba and
HyenaDNA forward passes against the reference implementations.

For each architecture this builds a tiny randomly initialised model from a fixed seed, in fp32 eval
mode, and writes to tests/data/models/<name>/:

  config.json, model.safetensors   as `save_pretrained` writes them (metadata {"format": "pt"})
  reference.safetensors            input_ids int64 [2, T]; logits f32 [2, T, V]; hidden f32 [2, T, H]
                                   (last hidden state after the final norm); hidden_states_all
                                   f32 [N, 2, T, H] (the model's own output_hidden_states tuple,
                                   stacked; see PROVENANCE.md for what each entry is)

Folders: gpt2, gpt2_save_model (same model, weights written with safetensors.torch.save_model as
hf_ehr's upload script did, which keeps lm_head.weight instead of transformer.wte.weight), llama,
llama_sharded (same weights, index + several shards), mamba, hyena. No attention mask is used.

Run from the repository root with a Python that has torch, safetensors and transformers 4.48.2
(the version hf_ehr pins; other versions write config.json differently):

    pip install "transformers==4.48.2" safetensors torch
    python tools/make_model_fixtures.py --hyena-src DIR

DIR must contain HyenaDNA's Hugging Face port, `modeling_hyena.py` and `configuration_hyena.py`
(the files that `trust_remote_code` fetches for LongSafari/hyenadna-*-hf, which hf_ehr uses). They
are not part of this repository; one public copy is the GitHub repository
shubhamtkr/checkpoint-62500 at commit 22f96459d32d1b300fc75b225c53495e7a96ec2b (files at the
repository root). Without --hyena-src the hyena fixture is skipped.
"""
import argparse
import importlib
import math
import pathlib
import shutil
import sys
import tempfile
import types

import torch
from safetensors.torch import save_file, save_model
from transformers import (GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM, MambaConfig,
                          MambaForCausalLM)
from transformers.pytorch_utils import Conv1D

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "models"
SEED = 20240611


def randomise(model, gen):
    """Replace the default init (zero biases, unit norms, tiny std) with seeded values of O(1) effect,
    so that a wrong bias, norm weight or transposition changes the logits visibly."""
    seen = set()
    with torch.no_grad():
        for mod_name, module in model.named_modules():
            for p_name, p in module.named_parameters(recurse=False):
                if id(p) in seen:
                    continue
                seen.add(id(p))
                full = f"{mod_name}.{p_name}" if mod_name else p_name
                r = torch.randn(p.shape, generator=gen, dtype=torch.float32)
                if p_name == "A_log":
                    n = p.shape[-1]
                    base = torch.log(torch.arange(1, n + 1, dtype=torch.float32)).expand_as(p)
                    p.copy_(base + 0.3 * r)
                elif p_name == "D":
                    p.copy_(1.0 + 0.3 * r)
                elif p_name == "freq":
                    p.copy_(p + 0.5 * r)
                elif full.endswith("dt_proj.bias"):
                    p.copy_(p + 0.2 * r)
                elif isinstance(module, torch.nn.Embedding):
                    p.copy_(0.5 * r)
                elif isinstance(module, (torch.nn.LayerNorm,)) or "norm" in full or ".ln_" in full:
                    p.copy_((1.0 + 0.2 * r) if p_name == "weight" else 0.1 * r)
                elif p_name == "bias":
                    p.copy_(0.1 * r)
                elif "implicit_filter" in full and p.dim() == 2:
                    # HyenaDNA's filter MLP feeds sin(freq * x) with freq ~ 10; keep its arguments
                    # moderate so fp32 rounding of sin stays far below the tolerance of a test.
                    p.copy_(0.3 * r / math.sqrt(p.shape[1]))
                elif isinstance(module, Conv1D):  # GPT-2 stores [in, out]
                    p.copy_(r / math.sqrt(p.shape[0]))
                elif p.dim() >= 2:
                    fan_in = p[0].numel()
                    p.copy_(r / math.sqrt(fan_in))
                else:
                    p.copy_(0.1 * r)


def run_reference(model, input_ids, base):
    model.eval()
    with torch.no_grad():
        out = model(input_ids=input_ids, output_hidden_states=True, return_dict=True)
        base_out = base(input_ids=input_ids)
    last = base_out[0] if isinstance(base_out, (tuple, list)) else base_out.last_hidden_state
    hs = torch.stack([h.float() for h in out.hidden_states], dim=0)
    assert torch.equal(hs[-1], last.float()), "hidden_states[-1] differs from the base model output"
    return out.logits.float().contiguous(), last.float().contiguous(), hs.contiguous()


def write_reference(folder, tensors):
    # One metadata key only: safetensors writes metadata in hash order, so more keys would make the
    # file bytes change from run to run. Versions are recorded in PROVENANCE.md.
    save_file({k: v.contiguous() for k, v in tensors.items()}, str(folder / "reference.safetensors"),
              metadata={"format": "pt"})


def fresh(name):
    folder = OUT / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def make_ids(gen, vocab, t, batch=2):
    return torch.randint(0, vocab, (batch, t), generator=gen, dtype=torch.int64)


def summary(name, folder, ref):
    files = sorted(p.name for p in folder.iterdir())
    print(f"{name}: T={ref['input_ids'].shape[1]} V={ref['logits'].shape[-1]} H={ref['hidden'].shape[-1]} "
          f"max|logit|={ref['logits'].abs().max().item():.3f} files={files}")


def build_gpt2():
    torch.manual_seed(SEED)
    # Template values are those of the `gpt2` hub config that hf_ehr starts from; hf_ehr then sets
    # n_ctx = n_positions = context length and forces the CLMBR special token ids.
    cfg = GPT2Config(vocab_size=72, n_positions=64, n_embd=32, n_layer=2, n_head=4,
                     activation_function="gelu_new", layer_norm_epsilon=1e-5,
                     bos_token_id=0, eos_token_id=1, pad_token_id=4)
    cfg.n_ctx = 64
    for k, v in dict(unk_token_id=2, sep_token_id=3, cls_token_id=5, mask_token_id=6).items():
        setattr(cfg, k, v)
    model = GPT2LMHeadModel(cfg)
    randomise(model, torch.Generator().manual_seed(SEED + 1))
    model.tie_weights()
    ids = make_ids(torch.Generator().manual_seed(SEED + 2), cfg.vocab_size, 32)
    logits, hidden, hs = run_reference(model, ids, model.transformer)
    ref = {"input_ids": ids, "logits": logits, "hidden": hidden, "hidden_states_all": hs}
    folder = fresh("gpt2")
    model.save_pretrained(folder, safe_serialization=True)
    write_reference(folder, ref)
    summary("gpt2", folder, ref)
    # The released hf_ehr checkpoints were written by safetensors.torch.save_model(model, ...)
    folder2 = fresh("gpt2_save_model")
    (folder2 / "config.json").write_text((folder / "config.json").read_text())
    save_model(model, str(folder2 / "model.safetensors"), metadata={"format": "pt"})
    write_reference(folder2, ref)
    summary("gpt2_save_model", folder2, ref)


def build_llama():
    torch.manual_seed(SEED)
    # Template: meta-llama/Meta-Llama-3.1-8B-Instruct's config, overridden as hf_ehr's llama-base and
    # upload script do (GQA, explicit head_dim, rms_norm_eps 1e-5, rope_theta 500000, llama3 scaling).
    # head_dim 16 != hidden/heads (12) on purpose; original_max_position_embeddings 48 != max 64 so a
    # reader that uses the wrong one is caught; with head_dim 16 the llama3 rule hits all three
    # regimes (wavelength 2*pi kept, 32.5 smoothed, the rest divided by 8).
    cfg = LlamaConfig(vocab_size=80, hidden_size=48, intermediate_size=128, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                      max_position_embeddings=64, rms_norm_eps=1e-5, rope_theta=500000.0,
                      rope_scaling={"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                    "rope_type": "llama3", "original_max_position_embeddings": 48},
                      hidden_act="silu", attention_bias=False, mlp_bias=False, tie_word_embeddings=False,
                      bos_token_id=0, eos_token_id=1, pad_token_id=4, use_cache=False)
    for k, v in dict(unk_token_id=2, sep_token_id=3, cls_token_id=5, mask_token_id=6).items():
        setattr(cfg, k, v)
    cfg._attn_implementation = "eager"
    model = LlamaForCausalLM(cfg)
    randomise(model, torch.Generator().manual_seed(SEED + 1))
    ids = make_ids(torch.Generator().manual_seed(SEED + 2), cfg.vocab_size, 40)
    logits, hidden, hs = run_reference(model, ids, model.model)
    inv_freq = model.model.rotary_emb.inv_freq.detach().float().clone()
    ref = {"input_ids": ids, "logits": logits, "hidden": hidden, "hidden_states_all": hs,
           "rope_inv_freq": inv_freq}
    folder = fresh("llama")
    model.save_pretrained(folder, safe_serialization=True)
    write_reference(folder, ref)
    summary("llama", folder, ref)
    folder2 = fresh("llama_sharded")
    model.save_pretrained(folder2, safe_serialization=True, max_shard_size="100KB")
    write_reference(folder2, ref)
    summary("llama_sharded", folder2, ref)
    # The sharded weights must load back to the same logits.
    again = LlamaForCausalLM.from_pretrained(folder2, attn_implementation="eager").eval()
    with torch.no_grad():
        assert torch.equal(again(input_ids=ids).logits, logits)


def build_mamba():
    torch.manual_seed(SEED)
    # Template: state-spaces/mamba-130m-hf (residual_in_fp32, tied embeddings, no in/out bias,
    # conv bias, time_step_rank auto = ceil(hidden/16)); hf_ehr sets d_model/layers/state_size.
    cfg = MambaConfig(vocab_size=64, hidden_size=32, state_size=16, num_hidden_layers=2,
                      layer_norm_epsilon=1e-5, expand=2, conv_kernel=4, use_bias=False,
                      use_conv_bias=True, hidden_act="silu", residual_in_fp32=True,
                      time_step_rank="auto", tie_word_embeddings=True, use_mambapy=False,
                      bos_token_id=0, eos_token_id=1, pad_token_id=4, use_cache=False)
    for k, v in dict(unk_token_id=2, sep_token_id=3, cls_token_id=5, mask_token_id=6).items():
        setattr(cfg, k, v)
    model = MambaForCausalLM(cfg)
    randomise(model, torch.Generator().manual_seed(SEED + 1))
    model.tie_weights()
    ids = make_ids(torch.Generator().manual_seed(SEED + 2), cfg.vocab_size, 48)
    model.eval()
    with torch.no_grad():
        out = model(input_ids=ids, output_hidden_states=True, use_cache=False, return_dict=True)
        last = model.backbone(input_ids=ids, use_cache=False).last_hidden_state
    hs = torch.stack(out.hidden_states, dim=0)
    assert torch.equal(hs[-1], last)
    ref = {"input_ids": ids, "logits": out.logits.float().contiguous(), "hidden": last.contiguous(),
           "hidden_states_all": hs.contiguous()}
    folder = fresh("mamba")
    model.save_pretrained(folder, safe_serialization=True)
    write_reference(folder, ref)
    summary("mamba", folder, ref)


def import_hyena(src):
    src = pathlib.Path(src).resolve()
    for f in ("modeling_hyena.py", "configuration_hyena.py"):
        if not (src / f).is_file():
            sys.exit(f"--hyena-src {src} has no {f}")
    pkg = types.ModuleType("hyena_reference")
    pkg.__path__ = [str(src)]
    sys.modules["hyena_reference"] = pkg
    conf = importlib.import_module("hyena_reference.configuration_hyena")
    modl = importlib.import_module("hyena_reference.modeling_hyena")
    return conf.HyenaConfig, modl.HyenaDNAForCausalLM


def build_hyena(src):
    HyenaConfig, HyenaDNAForCausalLM = import_hyena(src)
    torch.manual_seed(SEED)
    # Template values of the LongSafari/hyenadna-*-hf configs (emb_dim 5, short_filter_order 3,
    # num_inner_mlps 2, activation_freq 10, train_freq, hyena_order 2, untied lm_head); hf_ehr sets
    # d_model, n_layer, max_seq_len, vocab_size and (upload) pad_vocab_size_multiple = 1, and keeps the
    # template's d_inner (1024 for d_model 768), so d_inner != 4 * d_model here too.
    cfg = HyenaConfig(vocab_size=90, d_model=32, d_inner=80, n_layer=2, max_seq_len=64, emb_dim=5,
                      filter_order=16, short_filter_order=3, num_inner_mlps=2, activation_freq=10,
                      train_freq=True, hyena_order=2, use_bias=True, layer_norm_epsilon=1e-5,
                      embed_dropout=0.1, pad_vocab_size_multiple=1, tie_word_embeddings=False,
                      bos_token_id=0, eos_token_id=1, pad_token_id=4)
    for k, v in dict(unk_token_id=2, sep_token_id=3, cls_token_id=5, mask_token_id=6).items():
        setattr(cfg, k, v)
    cfg.auto_map = {"AutoConfig": "configuration_hyena.HyenaConfig",
                    "AutoModel": "modeling_hyena.HyenaDNAModel",
                    "AutoModelForCausalLM": "modeling_hyena.HyenaDNAForCausalLM",
                    "AutoModelForSequenceClassification": "modeling_hyena.HyenaDNAForSequenceClassification"}
    model = HyenaDNAForCausalLM(cfg)
    randomise(model, torch.Generator().manual_seed(SEED + 1))
    model.eval()
    gen = torch.Generator().manual_seed(SEED + 2)
    ref = {}
    for suffix, t in (("", 40), ("_full", cfg.max_seq_len)):
        ids = make_ids(gen, cfg.vocab_size, t)
        with torch.no_grad():
            # hf_ehr's hyena_forward == HyenaDNAForCausalLM.forward; its EHRSHOT features are
            # backbone(..., output_hidden_states=True)[1][-1], i.e. the ln_f output.
            out = model(input_ids=ids, output_hidden_states=True, return_dict=True)
            feats = model.hyena.backbone(ids, output_hidden_states=True)[1][-1]
            last = model.hyena(input_ids=ids, return_dict=True).last_hidden_state
        assert torch.equal(feats, last)
        ref["input_ids" + suffix] = ids
        ref["logits" + suffix] = out.logits.float().contiguous()
        ref["hidden" + suffix] = last.float().contiguous()
        ref["hidden_states_all" + suffix] = torch.stack(out.hidden_states, dim=0).contiguous()
    # The implicit long filter of layer 0 for L = max_seq_len, [L, d_model], after modulation.
    with torch.no_grad():
        ref["layer0_filter"] = model.hyena.backbone.layers[0].mixer.filter_fn.filter(cfg.max_seq_len)[0].contiguous()
    folder = fresh("hyena")
    # save_pretrained refuses safetensors here: the Sin activation's `freq` is one Parameter shared by
    # implicit_filter.1/.3/.5. hf_ehr's upload script therefore wrote config.json (and a .bin) with
    # save_pretrained(safe_serialization=False) and model.safetensors with safetensors' save_model,
    # which keeps one name per shared tensor (the alphabetically first, implicit_filter.1.freq).
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp, safe_serialization=False)
        shutil.copy(pathlib.Path(tmp) / "config.json", folder / "config.json")
    save_model(model, str(folder / "model.safetensors"), metadata={"format": "pt"})
    write_reference(folder, ref)
    summary("hyena", folder, ref)
    # Loading back must give the same logits (the missing .3/.5 freq names are the shared tensor).
    again = HyenaDNAForCausalLM.from_pretrained(folder).eval()
    with torch.no_grad():
        assert torch.equal(again(input_ids=ref["input_ids"]).logits, ref["logits"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hyena-src", help="directory with HyenaDNA's modeling_hyena.py and configuration_hyena.py")
    args = ap.parse_args()
    torch.set_default_dtype(torch.float32)
    torch.use_deterministic_algorithms(True)
    OUT.mkdir(parents=True, exist_ok=True)
    build_gpt2()
    build_llama()
    build_mamba()
    if args.hyena_src:
        build_hyena(args.hyena_src)
    else:
        print("hyena: skipped (no --hyena-src)")


if __name__ == "__main__":
    main()
