"""Where the time of a recorded command went: reads a Chrome trace written with CONTEXTBENCH_TRACE=FILE
(or by torch.profiler's export_chrome_trace) and prints, per span of the named user scope (or the whole
trace), the wall time, the GPU's busy time, and the kernels that took the most of it.

  python tools/trace_summary.py TRACE.json [--scope lift_epoch] [--top 25]
"""
import argparse
import collections
import json


def busy_time(intervals):
    """Total length of the union of [start, end) intervals."""
    total, end = 0.0, None
    for s, e in sorted(intervals):
        if end is None or s > end:
            total += e - s
            end = e
        elif e > end:
            total += e - end
            end = e
    return total


def kernel_family(name):
    # LibTorch's generic kernels say what they compute only in their template arguments (the functor);
    # other names are specific enough before them.
    if name.startswith("void at::native::") or name.startswith("void cutlass::"):
        return name[:150]
    return name.split("<")[0].split("(")[0][:110]


def warmup_excess(events, spans, top):
    """Operators that cost more in the first span than in the second: one-time set-up."""
    if len(spans) < 2:
        return
    per_span = [collections.defaultdict(float), collections.defaultdict(float)]
    for e in events:
        if e.get("ph") != "X" or e.get("cat") != "cpu_op":
            continue
        for i in (0, 1):
            if spans[i][0] <= e["ts"] < spans[i][1]:
                per_span[i][e["name"]] += e["dur"]
    excess = sorted(((per_span[0][n] - per_span[1].get(n, 0.0), n) for n in per_span[0]), reverse=True)
    print(f"\noperators' extra time in span 1 over span 2 (nested operators count in their parents too)")
    for us, name in excess[:top]:
        print(f"{us / 1e3:9.1f} ms  {name}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("trace")
    p.add_argument("--scope", default="lift_epoch")
    p.add_argument("--top", type=int, default=25)
    a = p.parse_args()
    events = json.load(open(a.trace))["traceEvents"]
    gpu = [e for e in events if e.get("ph") == "X" and e.get("cat") in ("kernel", "gpu_memcpy", "gpu_memset")]
    spans = sorted((e["ts"], e["ts"] + e["dur"]) for e in events
                   if e.get("ph") == "X" and e.get("cat") == "user_annotation" and e.get("name") == a.scope)
    if not spans:
        first = min(e["ts"] for e in gpu) if gpu else 0
        last = max(e["ts"] + e["dur"] for e in gpu) if gpu else 0
        spans = [(first, last)]
    # GPU work launched in a span may finish after it: count kernels by their start.
    for i, (s, e) in enumerate(spans):
        inside = [k for k in gpu if s <= k["ts"] < e]
        print(json.dumps({"span": i + 1, "wall_ms": round((e - s) / 1e3, 2),
                          "gpu_busy_ms": round(busy_time([(k["ts"], k["ts"] + k["dur"]) for k in inside]) / 1e3, 2),
                          "kernels": len(inside)}))
    s0, e0 = spans[0][0], spans[-1][1]
    inside = [k for k in gpu if s0 <= k["ts"] < e0]
    by_family = collections.defaultdict(lambda: [0.0, 0])
    for k in inside:
        f = by_family[kernel_family(k["name"])]
        f[0] += k["dur"]
        f[1] += 1
    total = sum(v[0] for v in by_family.values())
    print(f"\nall spans: {len(inside)} GPU events, {total / 1e3:.1f} ms of kernel time")
    for name, (us, n) in sorted(by_family.items(), key=lambda kv: -kv[1][0])[: a.top]:
        print(f"{us / 1e3:9.1f} ms {100 * us / max(total, 1):5.1f}% {n:7d}x  {name}")
    warmup_excess(events, spans, a.top)


if __name__ == "__main__":
    main()
