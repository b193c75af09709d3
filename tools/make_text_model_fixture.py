"""Writes tests/data/text_model: a tiny random Llama text model (config.json, model.safetensors) with
the Llama-3-style tokenizer fixture, plus HF transformers' logits for one prompt, so LIFT and the text
model loader are tested against the reference implementation.

Run: .venv/bin/python tools/make_text_model_fixture.py (needs torch, transformers, tokenizers).
"""
import json
import pathlib
import shutil

import torch
from tokenizers import Tokenizer
from transformers import LlamaConfig, LlamaForCausalLM

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "text_model"
TOKENIZER = ROOT / "tests" / "data" / "text_tokenizers" / "llama3" / "tokenizer.json"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TOKENIZER, OUT / "tokenizer.json")
    tokenizer = Tokenizer.from_file(str(OUT / "tokenizer.json"))
    vocab = max(tokenizer.get_vocab().values()) + 1
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=vocab, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                         rope_theta=10000.0, tie_word_embeddings=False, bos_token_id=tokenizer.token_to_id("<|begin_of_text|>"),
                         eos_token_id=tokenizer.token_to_id("<|end_of_text|>"))
    model = LlamaForCausalLM(config).eval()
    model.save_pretrained(OUT, safe_serialization=True)
    for extra in ("generation_config.json",):
        (OUT / extra).unlink(missing_ok=True)

    text = "On 2019-03-05 hemoglobin was 12.3.\nThe patient started metformin."
    ids = tokenizer.encode(text).ids
    with torch.no_grad():
        logits = model(torch.tensor([ids])).logits[0]
    expected = {"text": text, "ids": ids, "last_logits": logits[-1].tolist(),
                "log_likelihood_of_tail": float(torch.log_softmax(logits[:-1], -1)[torch.arange(len(ids) - 1), torch.tensor(ids[1:])][-4:].sum())}
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print("wrote", OUT, "vocab", vocab, "ids", len(ids))


if __name__ == "__main__":
    main()
