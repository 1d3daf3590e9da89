"""Reference values for @spotrec/collaborative's implicit ALS, computed independently with
numpy (Debian python3-numpy) from the textbook dense formulas. Writes
src/__fixtures__/als-reference.json.

    /usr/bin/python3 packages/collaborative/scripts/make-als-fixture.py

Hu, Koren & Volinsky (2008), with binary interactions r (1 observed, 0 not):
  preference p = [r > 0], confidence c = 1 + alpha * r
  user half-step: x_u = (Y^T C_u Y + lambda I)^-1 Y^T C_u p_u   (C_u = diag of user u's c)
  item half-step: y_i = (X^T C_i X + lambda I)^-1 X^T C_i p_i   (with the new X)
  fold-in of a new user: the user half-step for their row, against the trained Y
  loss = sum over all cells of c (p - x^T y)^2 + lambda (|X|^2 + |Y|^2)
Solved with np.linalg.solve on the full dense matrices (no Gram-matrix shortcut, unlike the
package). The package stores factors as float32, so the initial factors are float32 values and
the new X is rounded to float32 before the item half-step, as the package does.
"""
import json
import pathlib

import numpy as np

rng = np.random.default_rng(20260117)

users = [f"u{n}" for n in range(7)]  # u6 holds nothing
items = [f"t{n}" for n in range(9)]  # t8 is held by nobody
factors, regularization, alpha = 3, 0.3, 5.0

R = (rng.random((len(users), len(items))) < 0.4).astype(np.float64)
R[6, :] = 0
R[:, 8] = 0
R[0, 0] = R[1, 0] = 1  # every other row and column holds something
for u in range(6):
    if R[u, :8].sum() == 0:
        R[u, u] = 1
P = (R > 0).astype(np.float64)
C = 1.0 + alpha * R

X0 = rng.normal(0, 0.5, (len(users), factors)).astype(np.float32).astype(np.float64)
Y0 = rng.normal(0, 0.5, (len(items), factors)).astype(np.float32).astype(np.float64)


def half_step(fixed, conf, pref):
    out = np.zeros((conf.shape[0], fixed.shape[1]))
    for row in range(conf.shape[0]):
        Cr = np.diag(conf[row])
        A = fixed.T @ Cr @ fixed + regularization * np.eye(fixed.shape[1])
        b = fixed.T @ Cr @ pref[row]
        out[row] = np.linalg.solve(A, b)
    return out


def loss(X, Y):
    return float(np.sum(C * (P - X @ Y.T) ** 2) + regularization * (np.sum(X**2) + np.sum(Y**2)))


X1 = half_step(Y0, C, P)
X1_stored = X1.astype(np.float32).astype(np.float64)
Y1 = half_step(X1_stored, C.T, P.T)
Y1_stored = Y1.astype(np.float32).astype(np.float64)

# A new user: three known items, given with an unknown id and a repeat (both ignored).
new_user = ["t2", "t5", "t7"]
r_new = np.array([1.0 if id in new_user else 0.0 for id in items])
fold_in = half_step(Y1_stored, (1.0 + alpha * r_new)[None, :], (r_new > 0).astype(np.float64)[None, :])[0]

pairs = np.argwhere(R > 0)
fixture = {
    "note": "made by scripts/make-als-fixture.py with numpy " + np.__version__,
    "users": users,
    "items": items,
    "userIndex": pairs[:, 0].tolist(),
    "itemIndex": pairs[:, 1].tolist(),
    "factors": factors,
    "regularization": regularization,
    "alpha": alpha,
    "initialUserFactors": X0.ravel().tolist(),
    "initialItemFactors": Y0.ravel().tolist(),
    "userFactors": X1.ravel().tolist(),
    "itemFactors": Y1.ravel().tolist(),
    "loss": loss(X1_stored, Y1_stored),
    "foldIn": {
        "items": ["t2", "no-such-track", "t5", "t7", "t2"],
        "factors": fold_in.tolist(),
        "scores": (Y1_stored @ fold_in).tolist(),
    },
}
out = pathlib.Path(__file__).resolve().parent.parent / "src" / "__fixtures__" / "als-reference.json"
out.parent.mkdir(exist_ok=True)
out.write_text(json.dumps(fixture) + "\n")
print(f"wrote {len(pairs)} interactions, {len(users)} users, {len(items)} items to {out}")
