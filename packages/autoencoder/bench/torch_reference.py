"""The same autoencoder in PyTorch on the CPU (Debian python3-torch), for seconds per epoch.

Reads <dir>/matrix.f32 and <dir>/shape.json written by train.mjs or epoch-time.mts; trains
12 -> 32 -> 16 -> 8 -> 16 -> 32 -> 12 (ReLU, sigmoid output), Adam lr 0.005, batch 256 (or the
third argument), 10% validation, the given epochs, one thread; prints one JSON line.
"""
import json, os, sys, time
import numpy as np
import torch

folder, epochs = sys.argv[1], int(sys.argv[2])
batch_size = int(sys.argv[3]) if len(sys.argv) > 3 else 256
torch.set_num_threads(1)
torch.manual_seed(1)
shape = json.load(open(os.path.join(folder, "shape.json")))
X = torch.from_numpy(np.fromfile(os.path.join(folder, "matrix.f32"), dtype=np.float32).reshape(shape["rows"], shape["cols"]))
perm = torch.randperm(X.shape[0])
n_val = int(X.shape[0] * 0.1)
val, train = X[perm[:n_val]], X[perm[n_val:]]
d = X.shape[1]
model = torch.nn.Sequential(
    torch.nn.Linear(d, 32), torch.nn.ReLU(), torch.nn.Linear(32, 16), torch.nn.ReLU(), torch.nn.Linear(16, 8), torch.nn.ReLU(),
    torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, d), torch.nn.Sigmoid())
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
loss_fn = torch.nn.MSELoss()
history = []
for epoch in range(epochs):
    started = time.perf_counter()
    order = torch.randperm(train.shape[0])
    total = 0.0
    for first in range(0, train.shape[0], batch_size):
        batch = train[order[first:first + batch_size]]
        optimizer.zero_grad()
        loss = loss_fn(model(batch), batch)
        loss.backward()
        optimizer.step()
        total += loss.item() * batch.shape[0]
    with torch.no_grad():
        val_loss = loss_fn(model(val), val).item()
    history.append({"loss": total / train.shape[0], "validationLoss": val_loss, "seconds": time.perf_counter() - started})
print(json.dumps({"torch": torch.__version__, "history": history}))
