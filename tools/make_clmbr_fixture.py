#!/usr/bin/env python3
"""A tiny CLMBR vocabulary in hf_ehr's tokenizer_config.json format, and the token ids that
hf_ehr's own CLMBRTokenizer assigns to a handful of events.

Writes tests/data/clmbr/tokenizer_config.json (17 entries: plain codes, numeric ranges,
categorical values; the layout of the released StanfordShahLab/*-clmbr files, whose `stats` lists
are empty) and tests/data/clmbr/expected.json. Run from the repository root:

    pip install "transformers==4.48.2" torch omegaconf loguru tqdm
    python tools/make_clmbr_fixture.py --hf-ehr-src DIR

DIR is a checkout of github.com/som-shahlab/hf_ehr (the folder that contains the `hf_ehr`
package); this script imports hf_ehr.data.tokenization.CLMBRTokenizer from it at run time. The
results were made with commit 3cf64984b2b54df11171067e4520bd02b2142838.
"""
import argparse
import json
import pathlib
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "clmbr"
DBL_MAX = 1.7976931348623157e308


def code(c):
    return {"code": c, "type": "code", "description": None, "tokenization": {}, "stats": []}


def num(c, lo, hi):
    return {"code": c, "type": "numerical_range", "description": None,
            "tokenization": {"unit": "None", "range_start": lo, "range_end": hi}, "stats": []}


def cat(c, text):
    return {"code": c, "type": "categorical", "description": None,
            "tokenization": {"categories": [text]}, "stats": []}


TOKENS = [
    code("SNOMED/3950001"),
    code("Gender/F"),
    code("Ethnicity/Hispanic"),
    code("Visit/OP"),
    num("LOINC/2236-8", -DBL_MAX, 4.0),
    num("LOINC/2236-8", 4.0, 6.5),
    code("LOINC/2236-8"),
    num("LOINC/2236-8", 6.5, DBL_MAX),
    num("SNOMED/12199005", 26.0, 28.899999618530273),
    num("SNOMED/12199005", 28.899999618530273, DBL_MAX),
    cat("SNOMED/228490006", "N"),
    cat("SNOMED/228490006", "Y"),
    code("SNOMED/228490006"),
    num("CPT4/84075", -DBL_MAX, 77.0),
    cat("LOINC/8480-6", "positive"),
    code("Medicare Specialty/A0"),
    code("Domain/OMOP generated"),
]

# (code, value, why). value: None, a float (numeric) or a str (text), as hf_ehr's Event.value.
EVENTS = [
    ("SNOMED/3950001", None, "plain code"),
    ("Gender/F", None, "plain code"),
    ("Gender/M", None, "code not in the vocabulary: dropped"),
    ("LOINC/2236-8", None, "no value: the code's plain entry"),
    ("LOINC/2236-8", 3.2, "numeric: first range with start <= v <= end"),
    ("LOINC/2236-8", 4.0, "on a shared bound: the first matching range in file order wins"),
    ("LOINC/2236-8", 6.5, "on a shared bound: the first matching range in file order wins"),
    ("LOINC/2236-8", 1e300, "open upper range"),
    ("LOINC/2236-8", 0.0, "zero is a numeric value (but see the MEDS note in the report)"),
    ("LOINC/2236-8", "positive", "text value, code has no categorical entries: falls to the plain code"),
    ("SNOMED/12199005", 28.899999618530273, "end is inclusive"),
    ("SNOMED/12199005", 25.0, "numeric value outside every range: dropped (no fallback)"),
    ("SNOMED/12199005", None, "no value and no plain entry: dropped"),
    ("SNOMED/228490006", "N", "categorical, exact text"),
    ("SNOMED/228490006", "n", "categorical match is case-sensitive: dropped (no fallback)"),
    ("SNOMED/228490006", "", "empty text counts as no value: the plain code"),
    ("SNOMED/228490006", 1.0, "numeric value, code has no ranges: the plain code"),
    ("CPT4/84075", 77.0, "only range entries, value on the end bound"),
    ("CPT4/84075", None, "only range entries and no value: dropped"),
    ("LOINC/8480-6", "positive", "only a categorical entry"),
    ("LOINC/8480-6", 120.0, "only a categorical entry, numeric value: dropped"),
    ("Visit/OP", None, "plain code"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hf-ehr-src", required=True, help="folder containing the hf_ehr package")
    args = ap.parse_args()
    sys.path.insert(0, str(pathlib.Path(args.hf_ehr_src).resolve()))
    from hf_ehr.config import Event
    from hf_ehr.data.tokenization import CLMBRTokenizer

    OUT.mkdir(parents=True, exist_ok=True)
    config = {"timestamp": "2024-07-24T09:23:17.613609", "metadata": {}, "tokens": TOKENS}
    (OUT / "tokenizer_config.json").write_text(json.dumps(config, indent=2))

    # CLMBRTokenizer creates a versions/ folder beside its config, so give it a scratch copy.
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "tokenizer_config.json"
        shutil.copy(OUT / "tokenizer_config.json", path)
        tok = CLMBRTokenizer(str(path))
        vocab = [tok.idx_2_token[i] for i in range(len(tok.idx_2_token))]
        cases = []
        events = []
        for c, v, why in EVENTS:
            e = Event(code=c, value=v)
            events.append(e)
            t = tok.convert_event_to_token(e)
            cases.append({"code": c, "value": v, "token": t,
                          "id": None if t is None else tok.token_2_idx[t], "why": why})
        ids_plain = tok(events, add_special_tokens=False)["input_ids"][0]
        ids_special = tok(events, add_special_tokens=True)["input_ids"][0]
        empty = [Event(code="Gender/M"), Event(code="SNOMED/12199005", value=25.0)]
        ids_empty = tok(empty, add_special_tokens=False)["input_ids"][0]
        assert ids_plain == [c["id"] for c in cases if c["id"] is not None]

    expected = {
        "generator": "tools/make_clmbr_fixture.py: hf_ehr CLMBRTokenizer, hf_ehr commit "
                     "3cf64984b2b54df11171067e4520bd02b2142838",
        "vocab": vocab,
        "events": cases,
        "sequence_ids": ids_plain,
        "sequence_ids_with_special_tokens": ids_special,
        "empty_timeline": {"events": [{"code": e.code, "value": e.value} for e in empty],
                           "ids": ids_empty},
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"{len(vocab)} vocabulary entries, {len(cases)} events, sequence {ids_plain}")


if __name__ == "__main__":
    main()
