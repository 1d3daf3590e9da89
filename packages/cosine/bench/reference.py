"""faiss IndexFlatIP (one thread) and scikit-learn NearestNeighbors(metric='cosine',
algorithm='brute') on the same normalised matrix and queries as bench/search.mjs.

Reads <dir>/matrix.f32 (rows x cols float32), <dir>/queries.i32 (query row numbers) and
<dir>/shape.json ({rows, cols, single}); prints one JSON line: the batch time over every
query, for faiss also the single-query times (one search call per query, the first `single`
queries, after a warm-up), and the top ids of the first 50 queries. Run by search.mjs with
/usr/bin/python3 (Debian's python3-faiss and python3-sklearn), one BLAS thread.
"""
import json, os, resource, sys, time
import numpy as np

folder = sys.argv[1]
which = sys.argv[2]
k = int(sys.argv[3])
shape = json.load(open(os.path.join(folder, "shape.json")))
X = np.fromfile(os.path.join(folder, "matrix.f32"), dtype=np.float32).reshape(shape["rows"], shape["cols"])
rows = np.fromfile(os.path.join(folder, "queries.i32"), dtype=np.int32)
Q = np.ascontiguousarray(X[rows])
single = []

if which == "faiss":
    import faiss
    faiss.omp_set_num_threads(1)
    index = faiss.IndexFlatIP(X.shape[1])
    index.add(X)
    for at in range(min(50, len(Q))):
        index.search(Q[at : at + 1], k)
    for at in range(min(shape["single"], len(Q))):
        started = time.perf_counter()
        index.search(Q[at : at + 1], k)
        single.append(time.perf_counter() - started)
    started = time.perf_counter()
    scores, ids = index.search(Q, k)
    seconds = time.perf_counter() - started
else:
    from sklearn.neighbors import NearestNeighbors
    model = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute", n_jobs=1).fit(X)
    started = time.perf_counter()
    distances, ids = model.kneighbors(Q, k)
    seconds = time.perf_counter() - started
    scores = 1 - distances

print(json.dumps({
    "seconds": seconds,
    "single": single,
    "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "top": ids[:, :k].tolist()[:50],
}))
