"""Reference values for @spotrec/metrics, computed independently with numpy (Debian
python3-numpy): seeded random rankings and relevance sets, plus edge cases. Writes
src/__fixtures__/numpy-reference.json.

    /usr/bin/python3 packages/metrics/scripts/make-numpy-fixture.py

Definitions (the ones the package documents):
  precision@k = hits in top k / k;  recall@k = hits / |R|;  hit@k = [hits > 0]
  rr@k = 1 / rank of first relevant in top k;  ndcg@k = DCG / IDCG with gain/log2(rank + 1)
  ap@k = sum of precision at relevant ranks in top k / |R|;  ap_capped = same / min(|R|, k)
  r-precision = hits in top |R| / |R|;  all are 0 when R is empty.
"""
import json
import pathlib

import numpy as np

rng = np.random.default_rng(20261125)


def metrics(ranked, gains, k, exponential=False):
    ranked = np.asarray(ranked, dtype=np.int64)
    top = ranked[:k]
    rel_ids = np.array([i for i, g in gains.items() if g > 0], dtype=np.int64)
    R = len(rel_ids)
    is_rel = np.isin(top, rel_ids)
    hits = int(is_rel.sum())
    ranks = np.arange(1, len(top) + 1)
    out = {"precision": hits / k}
    if R == 0:
        out.update(recall=0.0, hit=0.0, mrr=0.0, ndcg=0.0, ap=0.0, apCapped=0.0, rPrecision=0.0)
        return out
    out["recall"] = hits / R
    out["hit"] = 1.0 if hits > 0 else 0.0
    first = np.flatnonzero(is_rel)
    out["mrr"] = float(1.0 / (first[0] + 1)) if len(first) else 0.0
    gain_of = np.vectorize(lambda i: gains.get(int(i), 0.0), otypes=[float])
    g = gain_of(top) if len(top) else np.zeros(0)
    if exponential:
        g = np.power(2.0, g) - 1.0
    dcg = float(np.sum(g / np.log2(ranks + 1)))
    ideal = np.sort(np.array([v for v in gains.values() if v > 0], dtype=float))[::-1][:k]
    if exponential:
        ideal = np.power(2.0, ideal) - 1.0
    idcg = float(np.sum(ideal / np.log2(np.arange(1, len(ideal) + 1) + 1)))
    out["ndcg"] = dcg / idcg
    cum = np.cumsum(is_rel)
    prec_at_rel = (cum / ranks)[is_rel]
    out["ap"] = float(prec_at_rel.sum() / R)
    out["apCapped"] = float(prec_at_rel.sum() / min(R, k))
    out["rPrecision"] = float(np.isin(ranked[:R], rel_ids).sum() / R)
    return out


cases = []
for case in range(200):
    catalog = int(rng.integers(5, 60))
    length = int(rng.integers(0, catalog + 1))
    ranked = rng.permutation(catalog)[:length].tolist()
    relevant_count = int(rng.integers(0, catalog // 2 + 1))
    relevant = rng.choice(catalog, size=relevant_count, replace=False).tolist()
    graded = case % 3 == 0
    gains = {int(i): (float(rng.integers(1, 4)) if graded else 1.0) for i in relevant}
    k = int(rng.choice([1, 3, 5, 10, 20, 100]))
    exponential = graded and case % 2 == 0
    cases.append({
        "ranked": ranked,
        "gains": [[i, g] for i, g in gains.items()],
        "graded": graded,
        "exponential": exponential,
        "k": k,
        "expected": metrics(ranked, gains, k, exponential),
    })

# Edge cases: empty list, nothing relevant, k beyond the list, a perfect ranking.
for ranked, relevant, k in [([], [1, 2], 5), ([1, 2, 3], [], 2), ([4, 1], [1, 2, 3], 10), ([1, 2, 3], [1, 2, 3], 3)]:
    gains = {i: 1.0 for i in relevant}
    cases.append({"ranked": ranked, "gains": [[i, 1.0] for i in relevant], "graded": False, "exponential": False, "k": k,
                  "expected": metrics(ranked, gains, k)})

out = pathlib.Path(__file__).resolve().parent.parent / "src" / "__fixtures__" / "numpy-reference.json"
out.write_text(json.dumps({"note": "made by scripts/make-numpy-fixture.py with numpy " + np.__version__, "cases": cases}) + "\n")
print(f"wrote {len(cases)} cases to {out}")
