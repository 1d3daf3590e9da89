// Time of `encode` on the real subset (all 44,475 tracks, the 12 default features, min-max
// scaled): the first call in a fresh process and the median of 10 warm calls, for the
// `GenreEncoder` (default [128] → 32 encoder) and the `Autoencoder` (default [32, 16] → 8
// encoder), on the WASM and cpu backends. "before" is the encode of @spotrec/autoencoder before
// this benchmark was added (the encoder's layers applied in a `tf.tidy` that returns the read
// `Float32Array`), rebuilt here from the saved model with the public TensorFlow.js API;
// "after" is `encode`. Each measurement runs in its own Node process, so every first call is a
// real first call. Both encoders are fitted once (seed 0, 2 epochs: the time does not depend
// on the weights' values) and saved to a temporary folder. Usage: `pnpm --filter
// @spotrec/autoencoder bench:encode`, or from the repository root:
//   node --conditions=@spotrec/source --import tsx packages/autoencoder/bench/encode-timing.mts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { REAL_DATA } from '@spotrec/test-utils';
import { Autoencoder, GenreEncoder, initBackend } from '../src/index';
import * as tf from '../src/tf';

type Kind = 'genre' | 'autoencoder';
type Variant = 'before' | 'after';
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function features() {
  const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
  return { tracks, matrix: new FeaturePipeline(spotifyFeatureSpec()).fitTransform(tracks) };
}

/** The encode of the package before this change, on the saved model's layers. */
async function before(dir: string, kind: Kind) {
  const json = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const { modelTopology, weightsManifest } = json('model.json');
  const bytes = readFileSync(join(dir, 'weights.bin'));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology,
      weightSpecs: weightsManifest[0].weights,
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    }),
  );
  if (kind === 'autoencoder') {
    const depth = json('autoencoder.json').config.hiddenLayers.length + 1;
    const layers = model.layers.slice(0, depth);
    return (matrix: { data: Float32Array; rows: number; cols: number }) =>
      tf.tidy(() => {
        let x: tf.Tensor = tf.tensor2d(matrix.data, [matrix.rows, matrix.cols]);
        for (const layer of layers) x = layer.apply(x, { training: false }) as tf.Tensor;
        return { data: Float32Array.from(x.dataSync()), cols: x.shape[1] ?? 0 };
      }).data;
  }
  const { config, mean, std } = json('genre-encoder.json');
  const names = [...config.hiddenLayers.map((_: number, at: number) => `encoder_${at}`)];
  const layers = [...names, 'bottleneck'].map((name) => model.getLayer(name));
  return (matrix: { data: Float32Array; rows: number; cols: number }) => {
    const standard = new Float32Array(matrix.data.length);
    for (let at = 0; at < standard.length; at += 1) {
      const col = at % matrix.cols;
      standard[at] = (matrix.data[at]! - mean[col]) / std[col];
    }
    return tf.tidy(() => {
      let x: tf.Tensor = tf.tensor2d(standard, [matrix.rows, matrix.cols]);
      for (const layer of layers) x = layer.apply(x) as tf.Tensor;
      return (x.dataSync() as Float32Array).slice();
    });
  };
}

if (process.argv[2] === 'child') {
  const [, , , dir, kind, variant, backend, out] = process.argv as [
    string,
    string,
    string,
    string,
    Kind,
    Variant,
    string,
    string,
  ];
  const { matrix } = await features();
  const started = performance.now();
  await initBackend();
  if (backend !== 'wasm') await tf.setBackend(backend);
  const backendMs = performance.now() - started;
  const encode =
    variant === 'before'
      ? await before(dir, kind)
      : kind === 'genre'
        ? await GenreEncoder.load(dir).then((e) => (m: typeof matrix) => e.encode(m).data)
        : await Autoencoder.load(dir).then((e) => (m: typeof matrix) => e.encode(m).data);
  const tensors = tf.memory().numTensors;
  let at = performance.now();
  const data = encode(matrix);
  const first = performance.now() - at;
  const warm: number[] = [];
  for (let run = 0; run < (backend === 'wasm' ? 10 : 5); run += 1) {
    at = performance.now();
    encode(matrix);
    warm.push(performance.now() - at);
  }
  writeFileSync(out, data);
  console.log(JSON.stringify({ backendMs, first, warm, leaked: tf.memory().numTensors - tensors }));
} else {
  const { tracks, matrix } = await features();
  const folder = mkdtempSync(join(tmpdir(), 'spotrec-encode-bench-'));
  try {
    console.log(`${tracks.length} tracks × ${matrix.cols}; backend ${await initBackend()}`);
    const genre = await GenreEncoder.fit(
      matrix,
      tracks.map((track) => track.genres),
      { seed: 0, epochs: 2 },
    );
    await genre.save(join(folder, 'genre'));
    genre.dispose();
    const autoencoder = await Autoencoder.fit(matrix, { seed: 0, epochs: 2 });
    await autoencoder.save(join(folder, 'autoencoder'));
    autoencoder.dispose();
    const rows: string[] = [];
    const loads = [load()];
    for (const backend of ['wasm', 'cpu'])
      for (const kind of ['genre', 'autoencoder'] as const) {
        const outputs: Float32Array[] = [];
        for (const variant of ['before', 'after'] as const) {
          const out = join(folder, `${kind}-${variant}-${backend}.f32`);
          const result = JSON.parse(
            execFileSync(
              process.execPath,
              [
                ...process.execArgv,
                fileURLToPath(import.meta.url),
                'child',
                join(folder, kind),
                kind,
                variant,
                backend,
                out,
              ],
              { encoding: 'utf8' },
            )
              .trim()
              .split('\n')
              .at(-1)!,
          );
          const bytes = readFileSync(out);
          outputs.push(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
          rows.push(
            `| ${kind === 'genre' ? 'GenreEncoder [128] → 32' : 'Autoencoder [32, 16] → 8'} | ${backend} | ${variant} | ${result.first.toFixed(0)} | ${median(result.warm).toFixed(0)} | ${Math.min(...result.warm).toFixed(0)}–${Math.max(...result.warm).toFixed(0)} | ${result.leaked} |`,
          );
          loads.push(load());
        }
        const [a, b] = outputs as [Float32Array, Float32Array];
        const same = a.length === b.length && a.every((x, at) => Object.is(x, b[at]));
        rows.push(`| | | before = after bit for bit: ${same} | | | | |`);
      }
    console.log(
      '| encoder | backend | encode | first call (ms) | warm median (ms) | warm range (ms) | tensors left |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
    console.log(`load average (1, 5, 15 min) after each process: ${loads.join(' → ')}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
