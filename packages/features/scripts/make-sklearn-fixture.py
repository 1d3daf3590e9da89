"""Reference values for @spotrec/features from scikit-learn (Debian python3-sklearn).

Draws a small made-up table with numpy (seeded; no real data), fits scikit-learn's
MinMaxScaler, StandardScaler, RobustScaler and PCA (plain and whitened) on it, and writes
inputs and outputs to src/__fixtures__/sklearn-reference.json.

    /usr/bin/python3 packages/features/scripts/make-sklearn-fixture.py
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

rng = np.random.default_rng(20261125)
n = 200
energy = rng.beta(2, 1.5, n)
loudness = -5 - 12 * (1 - energy) + rng.normal(0, 2, n)
tempo = rng.normal(120, 25, n)
speechiness = rng.exponential(0.08, n)
X = np.column_stack([energy, loudness, tempo, speechiness])
columns = ["energy", "loudness", "tempo", "speechiness"]

def rows(matrix):
    return [[float(v) for v in row] for row in matrix]

pca = PCA(n_components=3, svd_solver="full").fit(X)
whitened = PCA(n_components=3, svd_solver="full", whiten=True).fit(X)
fixture = {
    "note": "made by scripts/make-sklearn-fixture.py with scikit-learn " + sklearn.__version__ + " and numpy " + np.__version__,
    "columns": columns,
    "input": rows(X),
    "minmax": rows(MinMaxScaler().fit_transform(X)),
    "zscore": rows(StandardScaler().fit_transform(X)),
    "robust": rows(RobustScaler().fit_transform(X)),
    "pca": {
        "transformed": rows(pca.transform(X)),
        "components": rows(pca.components_),
        "explainedVariance": [float(v) for v in pca.explained_variance_],
        "explainedVarianceRatio": [float(v) for v in pca.explained_variance_ratio_],
        "whitened": rows(whitened.transform(X)),
    },
}
out = pathlib.Path(__file__).resolve().parent.parent / "src" / "__fixtures__" / "sklearn-reference.json"
out.write_text(json.dumps(fixture) + "\n")
print(f"wrote {out}")
