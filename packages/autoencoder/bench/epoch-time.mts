// Seconds per epoch of the default autoencoder (12 → 32 → 16 → 8 → 16 → 32 → 12, ReLU,
// sigmoid output, Adam 0.005, 10% validation) on the min-max scaled real subset, three ways in
// one run, one after the other on the same data:
//   - "tfjs before": the training loop of this package before the speed work (each Dense
//     layer's `apply`, `tf.train.adam`'s `minimize`), rebuilt here with the public tfjs API;
//   - "tfjs now": `Autoencoder.fit`;
//   - PyTorch on the CPU, one thread (Debian python3-torch, /usr/bin/python3,
//     bench/torch_reference.py), same architecture, batch size, epochs and data.
// patience 0 (every epoch runs), seed 1. Usage: `pnpm --filter @spotrec/autoencoder
// bench:epoch-time` (10 epochs, batch 256 and 1024), or from the repository root:
//   node --conditions=@spotrec/source --import tsx packages/autoencoder/bench/epoch-time.mts [epochs=10] [batch sizes=256]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { createRandom, shuffle } from '@spotrec/numeric-internal';
import { REAL_DATA } from '@spotrec/test-utils';
import { Autoencoder, initBackend, type DenseMatrix } from '../src/index';
import * as tf from '../src/tf';

const epochs = Number(process.argv[2] ?? 10);
const batchSizes = (process.argv[3] ?? '256').split(',').map(Number);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface Epoch {
  readonly loss: number;
  readonly validationLoss: number;
  readonly seconds: number;
}

/** The training loop of @spotrec/autoencoder before the speed work, on the same seeds. */
async function before(matrix: DenseMatrix, batchSize: number): Promise<Epoch[]> {
  const seed = 1;
  const random = createRandom(seed);
  const indices = (count: number) =>
    shuffle(
      Int32Array.from({ length: count }, (_, at) => at),
      random,
    );
  const rowsOf = (rows: Int32Array) => {
    const out = new Float32Array(rows.length * matrix.cols);
    rows.forEach((row, at) =>
      out.set(matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols), at * matrix.cols),
    );
    return out;
  };
  const order = indices(matrix.rows);
  const validationCount = Math.floor(matrix.rows * 0.1);
  const trainRows = order.slice(validationCount);
  const model = tf.sequential();
  let layerSeed = seed * 7919 + 1;
  const widths = [32, 16, 8, 16, 32, matrix.cols];
  widths.forEach((units, at) =>
    model.add(
      tf.layers.dense({
        units,
        activation: at === widths.length - 1 ? 'sigmoid' : 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }),
        biasInitializer: 'zeros',
        ...(at === 0 ? { inputShape: [matrix.cols] } : {}),
      }),
    ),
  );
  const run = (x: tf.Tensor, training: boolean) =>
    model.layers.reduce((h, layer) => layer.apply(h, { training }) as tf.Tensor, x);
  const optimizer = tf.train.adam(0.005);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const validation = tf.tensor2d(rowsOf(order.slice(0, validationCount)), [
    validationCount,
    matrix.cols,
  ]);
  const history: Epoch[] = [];
  for (let epoch = 1; epoch <= epochs; epoch += 1) {
    const started = performance.now();
    const batches = indices(trainRows.length);
    let lossSum = 0;
    for (let first = 0; first < batches.length; first += batchSize) {
      const picked = batches
        .subarray(first, Math.min(first + batchSize, batches.length))
        .map((at) => trainRows[at] as number);
      const batch = tf.tensor2d(rowsOf(picked), [picked.length, matrix.cols]);
      const cost = optimizer.minimize(
        () => tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(batch, run(batch, true)),
        true,
        variables,
      )!;
      lossSum += Number((await cost.data())[0]) * picked.length;
      tf.dispose([cost, batch]);
    }
    const validationLoss = tf.tidy(() =>
      Number(tf.losses.meanSquaredError(validation, run(validation, false)).dataSync()[0]),
    );
    history.push({
      loss: lossSum / trainRows.length,
      validationLoss,
      seconds: (performance.now() - started) / 1000,
    });
  }
  tf.dispose([validation]);
  optimizer.dispose();
  model.dispose();
  return history;
}

const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
const matrix = new FeaturePipeline(spotifyFeatureSpec()).fitTransform(tracks);
const backend = await initBackend();
const torchVersion = execFileSync(
  '/usr/bin/python3',
  ['-c', 'import torch; print(torch.__version__)'],
  {
    encoding: 'utf8',
  },
).trim();
const folder = mkdtempSync(join(tmpdir(), 'spotrec-epoch-bench-'));
const here = fileURLToPath(new URL('.', import.meta.url));
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
try {
  writeFileSync(join(folder, 'matrix.f32'), matrix.data);
  writeFileSync(
    join(folder, 'shape.json'),
    JSON.stringify({ rows: matrix.rows, cols: matrix.cols }),
  );
  console.log(
    `${matrix.rows} × ${matrix.cols}, ${epochs} epochs, tfjs ${tf.version_core} (${backend}), PyTorch ${torchVersion} (1 thread); load average at start ${load()}`,
  );
  for (const batchSize of batchSizes) {
    const stock = await before(matrix, batchSize);
    const loadBefore = load();
    const now = (await Autoencoder.fit(matrix, { epochs, batchSize, seed: 1, patience: 0 }))
      .history;
    const loadNow = load();
    const torch = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [join(here, 'torch_reference.py'), folder, String(epochs), String(batchSize)],
        { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } },
      ),
    ).history as Epoch[];
    const loadTorch = load();
    console.log(`\nbatch size ${batchSize}`);
    console.log(
      '| epoch | tfjs before (s) | tfjs now (s) | PyTorch (s) | validation MSE before | now | PyTorch |',
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (let at = 0; at < epochs; at += 1)
      console.log(
        `| ${at + 1} | ${stock[at]!.seconds.toFixed(3)} | ${now[at]!.seconds.toFixed(3)} | ${torch[at]!.seconds.toFixed(3)} | ${stock[at]!.validationLoss.toFixed(6)} | ${now[at]!.validationLoss.toFixed(6)} | ${torch[at]!.validationLoss.toFixed(6)} |`,
      );
    for (const [label, of] of [
      ['mean', mean],
      ['median', median],
    ] as const) {
      const [b, n, t] = [stock, now, torch].map((h) => of(h.slice(1).map((e) => e.seconds))) as [
        number,
        number,
        number,
      ];
      console.log(
        `| ${label} of epochs 2–${epochs} | ${b.toFixed(3)} | ${n.toFixed(3)} | ${t.toFixed(3)} | ${(b / t).toFixed(2)}× PyTorch | ${(n / t).toFixed(2)}× PyTorch | |`,
      );
    }
    console.log(
      `load average after each: before ${loadBefore}; now ${loadNow}; PyTorch ${loadTorch}`,
    );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
