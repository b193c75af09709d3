"""The same LIFT training as `contextbench-cli lift --mode lift`, run by an HF Trainer: segments of l
tokens every 3/8 l, language-model loss over each whole segment, gradient accumulation over all
segments (one optimizer step per epoch), AdamW(0.9, 0.98, eps 1e-8, wd 1e-4), clip 1.0, constant
learning rate, full fine-tuning. Prints one JSON line with the training time.

  python tools/hf_lift_baseline.py --model DIR --document FILE [--segment 2048] [--epochs 3]   (needs accelerate)
                                   [--batch 1] [--device cuda] [--precision fp32|bf16]
"""
import argparse
import json
import time

import torch
from tokenizers import Tokenizer
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments


class Segments(torch.utils.data.Dataset):
    def __init__(self, ids, length):
        stride = max(1, length * 3 // 8)
        self.items = []
        start = 0
        while True:
            end = min(len(ids), start + length)
            if end - start >= 2:
                self.items.append(ids[start:end])
            if end == len(ids):
                break
            start += stride

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return {"input_ids": self.items[i]}


def collate(batch):
    width = max(len(b["input_ids"]) for b in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    labels = torch.full((len(batch), width), -100, dtype=torch.long)
    for r, b in enumerate(batch):
        ids[r, : len(b["input_ids"])] = torch.tensor(b["input_ids"])
        labels[r, : len(b["input_ids"])] = torch.tensor(b["input_ids"])
    return {"input_ids": ids, "labels": labels}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--document", required=True)
    p.add_argument("--segment", type=int, default=2048)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--lr", type=float, default=3e-6)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--device", default="cuda")
    p.add_argument("--precision", default="fp32", help="fp32, or bf16 (Trainer's bf16 autocast, fp32 weights)")
    a = p.parse_args()

    tokenizer = Tokenizer.from_file(f"{a.model}/tokenizer.json")
    text = open(a.document, encoding="utf-8", errors="replace").read()
    ids = tokenizer.encode(text, add_special_tokens=False).ids
    data = Segments(ids, a.segment)
    model = AutoModelForCausalLM.from_pretrained(a.model, torch_dtype=torch.float32).to(a.device)
    steps = -(-len(data) // a.batch)
    args = TrainingArguments(
        output_dir="/tmp/hf_lift_baseline", per_device_train_batch_size=a.batch, gradient_accumulation_steps=steps,
        num_train_epochs=a.epochs, learning_rate=a.lr, adam_beta1=0.9, adam_beta2=0.98, adam_epsilon=1e-8,
        weight_decay=1e-4, max_grad_norm=1.0, lr_scheduler_type="constant", warmup_steps=0, logging_steps=1,
        save_strategy="no", report_to=[], dataloader_num_workers=0, remove_unused_columns=False,
        use_cpu=a.device == "cpu", disable_tqdm=True, bf16=a.precision == "bf16")
    trainer = Trainer(model=model, args=args, train_dataset=data, data_collator=collate)
    if a.device.startswith("cuda"):
        torch.cuda.synchronize()
    start = time.perf_counter()
    trainer.train()
    if a.device.startswith("cuda"):
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    print(json.dumps({"epoch_loss": losses, "impl": "hf_trainer", "batch": a.batch, "segments": len(data), "document_tokens": len(ids),
                      "epochs": a.epochs, "seconds": seconds, "seconds_per_1k_tokens": seconds / (len(ids) / 1000.0),
                      "device": a.device, "precision": a.precision, "segment": a.segment}))


if __name__ == "__main__":
    main()
