#!/usr/bin/env python3
"""Reference tokenizers and their outputs, for checking ContextBench's TextTokenizer against Hugging
Face `tokenizers`.

Trains three small BPE tokenizers with `tokenizers` on the multilingual corpus below, each set up the
way the real tokenizer.json of its family is, and writes to tests/data/text_tokenizers/<family>/:

  tokenizer.json   the trained tokenizer (vocabularies of about 800, so the files stay small)
  expected.json    for each test string: HF's ids without and with special tokens, the decode of the
                   latter with skip_special_tokens false and true, and whether HF round-trips it;
                   id lists to decode (cut-off characters, unknown ids); ill-formed UTF-8 inputs with
                   the ids of their U+FFFD-replaced text; the vocab size (largest id + 1)

Families:
  gpt2    byte-level BPE, ByteLevel pre-tokenizer with the GPT-2 regex, no template
  llama3  byte-level BPE, Split(Llama-3 regex) + ByteLevel(use_regex false), ignore_merges, BOS template
  llama2  byte-fallback BPE with <0xXX> tokens, Prepend/Replace normalizer (the "legacy" converter),
          Replace/ByteFallback/Fuse/Strip decoder, <s> template
  byte    ContextBench's built-in byte tokenizer (core/tokenize/text/byte_tokenizer.cpp builds the
          same JSON; a C++ test checks that the two agree)

Some families have variants, expected_<variant>.json: the same tokenizer.json with an overlay
applied ("overrides": objects merge key by key, any other value, null included, replaces), so a
configuration change costs no second copy of the vocab:
gpt2 prefix_space (add_prefix_space true), llama2 metaspace (no normalizer, Metaspace pre-tokenizer
with prepend_scheme "first", as transformers' non-legacy Llama converter writes), llama2 unk
(byte_fallback off, so unknown characters become fused <unk>) and llama2 metaspace_decoder (Metaspace
splitting on "▁" and the Metaspace decoder, as older SentencePiece conversions wrote).

Run from the repository root with the project's venv (tokenizers 0.21.4):

    .venv/bin/python tools/make_text_tokenizer_fixtures.py
"""
import codecs
import collections
import copy
import json
import pathlib
import random
import re

import tokenizers
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "text_tokenizers"

LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
                  r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")

# Sentences of each kind the tokenizers must cope with; the training corpus mixes them at random.
SENTENCES = [
    "The patient was admitted with chest pain radiating to the left arm.",
    "She denies fever, chills or night sweats; appetite is reduced.",
    "Blood pressure 142/91 mmHg, heart rate 88, temperature 37.4 C.",
    "HbA1c rose from 6.8% to 7.9% over 12 months despite metformin 500 mg twice daily.",
    "We don't expect the wound to heal before the follow-up visit.",
    "I'LL call the pharmacy; they're closing early and we've no refills left.",
    "He'd stopped the statin because it's causing muscle aches.",
    "Discharge summary: stable, ambulating, tolerating a regular diet.",
    "Creatinine 1.32 mg/dL (baseline 0.9), potassium 5.1 mmol/L.",
    "Plan:\tcontinue lisinopril 20 mg\tand recheck labs in 2 weeks.",
    "Assessment    and    plan   discussed   with   the   family.",
    "Line one of the note\r\nLine two after a Windows line break\r\n",
    "The pain score is 3.14 on average and 12345 steps were logged.",
    "Der Patient klagt über Übelkeit und Schwindel; die Ärztin verordnet Bettruhe.",
    "Größere Blutdruckschwankungen wurden nicht beobachtet, die Nierenfunktion ist gemäß Befund stabil.",
    "La patiente présente une fièvre élevée depuis trois jours ; à l'examen, l'abdomen est souple.",
    "Le médecin a prescrit un traitement antibiotique pendant dix jours, à prendre après les repas.",
    "患者主诉胸痛三天，伴有呼吸困难和出汗。",
    "血压偏高，建议低盐饮食并定期复查。",
    "患者は三日前から発熱と咳があります。",
    "血液検査の結果、炎症反応が上昇していました。",
    "يعاني المريض من ارتفاع ضغط الدم منذ خمس سنوات.",
    "تم وصف دواء جديد للسكري مع متابعة شهرية.",
    "मरीज़ को तीन दिनों से बुखार और खांसी है।",
    "डॉक्टर ने आराम करने और पानी पीने की सलाह दी।",
    "Team update 👩‍⚕️🩺 all good 👍🏽 family visit 👨‍👩‍👧‍👦 pride 🏳️‍🌈 ❤️",
    "Trailing spaces at the end   ",
    "   Leading spaces before the text",
    "Numbers: 0, 7, 42, 100, 2024-05-17, 1,000,000 and 98.6 F.",
    "Mixed: Müller's café served crème brûlée; naïve coöperation.",
]

# Strings the tests encode; several hold characters the training corpus never saw.
TEST_STRINGS = [
    "The patient don't feel well; I'LL see her at 3.14 pm, room 12345.\r\nDer Arzt prüft die Übelkeit. "
    "La fièvre a baissé. 患者主诉胸痛。患者は発熱があります。 يعاني المريض. मरीज़ को बुखार है। 👩‍⚕️👍🏽\tend  ",
    "",
    " \t \r\n  ",
    "Note<|endoftext|>next <s>start</s> <|begin_of_text|>x<|end_of_text|> <pad><bos>y<eos> [MED]z",
    "toward ward wards award ward. [NOTE]   after [NOTE] a   <mask> b<mask>c",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 12,
    "ქართული ენა, ภาษาไทย, 한국어, ᏣᎳᎩ, ∮ E⋅da = Q, 🦄🧬🪐",
    "I'LL we've SHE'D They'Re it's 'sup don'T o'clock",
    "1 12 123 1234 12345 123456 3.14159 ٣٤٥ १२३",
    "line1\r\nline2\n\n\n  indented\n\ttab\t\tdouble tab",
    "trailing spaces   ",
    "   leading spaces",
    "a    b     c      d",
    "e\u0301 cafe\u0301 \u00a0nbsp\u00a0 ideographic\u3000space \u2028sep \u200bzwsp",
    "control \x00\x01\x1f\x7f chars",
    "<s>",
    "😀",
]

# Bytes that are not valid UTF-8; the test feeds them raw and expects HF's ids for the text with
# each maximal ill-formed subsequence replaced by U+FFFD (what Python's errors="replace" does).
INVALID_UTF8 = [
    b"ok \xff\xfe bad \xe4\xb8 cut \xc3( x \xed\xa0\x80 surrogate \xf0\x9f\x98 end",
    b"\x80lead",
]


def training_corpus():
    rng = random.Random(7)
    lines = []
    for _ in range(1500):
        picked = rng.sample(SENTENCES, rng.randint(1, 4))
        lines.append(rng.choice([" ", "  ", "\t", "\n", "\r\n"]).join(picked))
    return lines


def replaced_byte_count(raw):
    counted = []

    def handler(error):
        counted.append(error.end - error.start)
        return ("\ufffd", error.end)

    codecs.register_error("count_replaced", handler)
    text = raw.decode("utf-8", errors="count_replaced")
    return text, sum(counted)


def trained(model, pre_tokenizer, special_tokens, vocab_size, corpus=None, byte_level=True):
    tok = Tokenizer(model)
    tok.pre_tokenizer = pre_tokenizer
    kwargs = dict(vocab_size=vocab_size, special_tokens=special_tokens, show_progress=False)
    if byte_level:
        kwargs["initial_alphabet"] = pre_tokenizers.ByteLevel.alphabet()
    tok.train_from_iterator(corpus or training_corpus(), trainers.BpeTrainer(**kwargs))
    return tok


def common_characters_only(corpus, keep_count):
    """The corpus with all but its keep_count most frequent characters turned into spaces, so that rarer
    scripts reach the tokenizer only through byte fallback. (BpeTrainer's limit_alphabet would do the
    same, but it breaks frequency ties in hash order, which made the fixtures differ between runs.)"""
    counts = collections.Counter(ch for line in corpus for ch in line if ch != " ")
    keep = set(sorted(counts, key=lambda ch: (-counts[ch], ch))[:keep_count])
    return ["".join(ch if ch in keep else " " for ch in line) for line in corpus]


def gpt2():
    tok = trained(models.BPE(), pre_tokenizers.ByteLevel(add_prefix_space=False), ["<|endoftext|>"], 800)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    tok.add_tokens([AddedToken("[MED]", normalized=True), AddedToken("ward", single_word=True, normalized=False)])
    return tok


def llama3():
    specials = ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>"]
    split = pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated", invert=False)
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False)
    tok = trained(models.BPE(), pre_tokenizers.Sequence([split, byte_level]), specials, 800)
    config = json.loads(tok.to_str())
    config["model"]["ignore_merges"] = True  # the trainer does not carry it over
    tok = Tokenizer.from_str(json.dumps(config))
    tok.decoder = decoders.ByteLevel()
    bos = tok.token_to_id("<|begin_of_text|>")
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(single="<|begin_of_text|> $A",
                                      pair="<|begin_of_text|> $A <|begin_of_text|>:1 $B:1",
                                      special_tokens=[("<|begin_of_text|>", bos)]),
    ])
    tok.add_special_tokens([AddedToken("<mask>", lstrip=True, special=True, normalized=False)])
    tok.add_tokens([AddedToken("[NOTE]", rstrip=True, normalized=False)])
    return tok


def llama2():
    # Train with Metaspace splitting so merges stay inside words, as SentencePiece's do; the saved
    # tokenizer then gets the legacy Llama-2 pipeline, which feeds the whole text to the model.
    base = trained(models.BPE(), pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True),
                   ["<unk>", "<s>", "</s>"], 560, corpus=common_characters_only(training_corpus(), 110),
                   byte_level=False)
    config = json.loads(base.to_str())
    trained_vocab = config["model"]["vocab"]
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for b in range(256):
        vocab[f"<0x{b:02X}>"] = 3 + b
    for token, index in sorted(trained_vocab.items(), key=lambda item: item[1]):
        if token not in vocab:
            vocab[token] = len(vocab)
    merges = [tuple(m) for m in config["model"]["merges"]]
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    tok.pre_tokenizer = None
    tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
                                     decoders.Strip(" ", 1, 0)])
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s>:1 $B:1",
                                                       special_tokens=[("<s>", 1)])
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in ["<unk>", "<s>", "</s>"]])
    return tok


def byte_tokenizer():
    # Ids 0..255 are the bytes in byte order, each spelt as GPT-2's byte-to-unicode character.
    alphabet = bytes_to_unicode()
    vocab = {alphabet[b]: b for b in range(256)}
    specials = ["<pad>", "<bos>", "<eos>"]
    config = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": 256 + i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True} for i, s in enumerate(specials)
        ],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "<bos>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {"<bos>": {"id": "<bos>", "ids": [257], "tokens": ["<bos>"]}},
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": []},
    }
    # Round-trip through tokenizers so the file is exactly what HF itself writes for this tokenizer.
    return Tokenizer.from_str(json.dumps(config))


def bytes_to_unicode():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    mapping = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in mapping:
            mapping[b] = chr(256 + extra)
            extra += 1
    return mapping


def overlay(target, patch):
    if not isinstance(patch, dict) or not isinstance(target, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target)
    for key, value in patch.items():
        result[key] = overlay(result.get(key), value)
    return result


def decode_cases(tok):
    vocab = tok.get_vocab(with_added_tokens=True)
    cases = []

    def add(ids):
        ids = [i for i in ids if i is not None]
        for skip in (False, True):
            cases.append({"ids": ids, "skip_special_tokens": skip, "text": tok.decode(ids, skip_special_tokens=skip)})

    specials = sorted(i for t, i in vocab.items() if t in ("<|endoftext|>", "<|begin_of_text|>", "<s>", "</s>", "<bos>", "<eos>"))
    body = tok.encode("a 中b", add_special_tokens=False).ids
    add(specials[:1] + body + specials[-1:])
    add([99999] + body)  # unknown ids are dropped
    if "<0xE4>" in vocab:  # byte fallback: a cut-off character becomes one U+FFFD per byte
        add([vocab["<0xE4>"], vocab["<0xB8>"]] + body)
        add([vocab["<0xE4>"], vocab["<0xB8>"], vocab["<0xAD>"]])
    else:  # byte-level: a cut-off character becomes one U+FFFD per maximal ill-formed subsequence
        alphabet = bytes_to_unicode()
        add([vocab[alphabet[0xE4]], vocab[alphabet[0xB8]]] + body)
        add([vocab[alphabet[0xFF]], vocab[alphabet[0x41]], vocab[alphabet[0x80]]])
    return cases


def expectations(tok, generator):
    vocab = tok.get_vocab(with_added_tokens=True)
    cases = []
    for text in TEST_STRINGS:
        plain = tok.encode(text, add_special_tokens=False).ids
        with_special = tok.encode(text, add_special_tokens=True).ids
        cases.append({
            "text": text,
            "ids": plain,
            "ids_with_special": with_special,
            "decoded": tok.decode(with_special, skip_special_tokens=False),
            "decoded_skip_special": tok.decode(with_special, skip_special_tokens=True),
            "round_trips": tok.decode(plain, skip_special_tokens=False) == text,
        })
    invalid = []
    for raw in INVALID_UTF8:
        text, count = replaced_byte_count(raw)
        invalid.append({"bytes_hex": raw.hex(), "replaced_bytes": count,
                        "ids": tok.encode(text, add_special_tokens=False).ids})
    return {
        "generator": generator,
        "vocab_size": max(vocab.values()) + 1,
        "cases": cases,
        "decode_cases": decode_cases(tok),
        "invalid_utf8": invalid,
    }


def write_json(path, payload):
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    # One line per id list keeps the files small and readable.
    text = re.sub(r"\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]", lambda m: "[" + ",".join(m.group(1).split()).replace(",,", ",") + "]", text)
    path.write_text(text + "\n", encoding="utf-8")


def main():
    generator = f"tools/make_text_tokenizer_fixtures.py, tokenizers {tokenizers.__version__}"
    variants = {
        "gpt2": {"prefix_space": {"pre_tokenizer": {"add_prefix_space": True}}},
        "llama2": {
            "metaspace": {"normalizer": None, "pre_tokenizer": {
                "type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False}},
            "unk": {"model": {"byte_fallback": False}},
            "metaspace_decoder": {"normalizer": None, "pre_tokenizer": {
                "type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}, "decoder": {
                "type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}},
        },
    }
    for family, build in [("gpt2", gpt2), ("llama3", llama3), ("llama2", llama2), ("byte", byte_tokenizer)]:
        tok = build()
        config = json.loads(tok.to_str())
        folder = OUT / family
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "tokenizer.json").write_text(tok.to_str() + "\n", encoding="utf-8")
        write_json(folder / "expected.json", expectations(tok, generator))
        for name, overrides in variants.get(family, {}).items():
            patched = Tokenizer.from_str(json.dumps(overlay(config, overrides)))
            payload = expectations(patched, generator)
            payload["overrides"] = overrides
            write_json(folder / f"expected_{name}.json", payload)
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
