import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { targetsOf } from './genre-encoder';
import { GenreEncoder, InvalidArgumentError, InvalidFormatError, type DenseMatrix } from './index';

const GENRES = ['ambient', 'metal', 'pop'];

/**
 * 450 made-up tracks of 6 features in [0, 1]: each of 3 genres has its own centre, plus seeded
 * noise; every 10th track also carries a second genre.
 */
function genreData(rows = 450, seed = 11): { matrix: DenseMatrix; labels: string[][] } {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const centres = [
    [0.1, 0.2, 0.8, 0.3, 0.5, 0.2],
    [0.9, 0.8, 0.1, 0.6, 0.4, 0.7],
    [0.5, 0.6, 0.5, 0.9, 0.1, 0.5],
  ];
  const data = new Float32Array(rows * 6);
  const labels: string[][] = [];
  for (let row = 0; row < rows; row += 1) {
    const genre = row % 3;
    (centres[genre] as number[]).forEach(
      (centre, col) => (data[row * 6 + col] = centre + (random() - 0.5) * 0.3),
    );
    labels.push(
      row % 10 === 0
        ? [GENRES[genre] as string, GENRES[(genre + 1) % 3] as string]
        : [GENRES[genre] as string],
    );
  }
  return { matrix: { data, rows, cols: 6 }, labels };
}

const { matrix, labels } = genreData();
const small = {
  hiddenLayers: [12],
  bottleneck: 4,
  epochs: 12,
  batchSize: 64,
  learningRate: 0.02,
  seed: 5,
} as const;
const folder = mkdtempSync(join(tmpdir(), 'spotrec-genre-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('targetsOf (genre targets)', () => {
  it('spreads a multi-genre track evenly, counts a repeated genre once and ignores unknown genres', () => {
    const vocabulary = new Map(GENRES.map((genre, at) => [genre, at]));
    const rows = [['pop'], ['metal', 'pop'], ['pop', 'pop', 'ambient', 'polka'], ['polka'], []];
    const got = targetsOf(rows, vocabulary, Int32Array.from([0, 1, 2, 3, 4]));
    // Naive reference: for each row, 1 / |known distinct genres| on each known genre.
    const expected = rows.flatMap((genres) => {
      const known = GENRES.filter((genre) => genres.includes(genre));
      return GENRES.map((genre) => (known.includes(genre) ? 1 / known.length : 0));
    });
    expect([...got]).toEqual(expected.map((value) => Math.fround(value)));
  });
});

describe('GenreEncoder', () => {
  it('learns the genres from the features alone, with and without a decoder', async () => {
    for (const decoder of [true, false]) {
      const encoder = await GenreEncoder.fit(matrix, labels, { ...small, decoder, patience: 0 });
      expect(encoder.genres).toEqual(GENRES);
      expect(encoder.history).toHaveLength(12);
      expect(encoder.history.at(-1)!.loss).toBeLessThan(encoder.history[0]!.loss);
      const probabilities = encoder.predictGenres(matrix);
      let correct = 0;
      for (let row = 0; row < matrix.rows; row += 1) {
        const scores = [...probabilities.data.subarray(row * 3, row * 3 + 3)];
        if (GENRES[scores.indexOf(Math.max(...scores))] === GENRES[row % 3]) correct += 1;
      }
      expect(correct / matrix.rows).toBeGreaterThan(0.85);
      const embeddings = encoder.encode(matrix);
      expect(embeddings.cols).toBe(4);
      expect(embeddings.rows).toBe(450);
      encoder.dispose();
    }
  });

  it('is deterministic for a seed and differs for another seed', async () => {
    const a = await GenreEncoder.fit(matrix, labels, { ...small, dropout: 0.2 });
    const b = await GenreEncoder.fit(matrix, labels, { ...small, dropout: 0.2 });
    const c = await GenreEncoder.fit(matrix, labels, { ...small, dropout: 0.2, seed: 6 });
    expect(b.history.map((e) => e.loss)).toEqual(a.history.map((e) => e.loss));
    expect(b.encode(matrix).data).toEqual(a.encode(matrix).data);
    expect(c.history.map((e) => e.loss)).not.toEqual(a.history.map((e) => e.loss));
    [a, b, c].forEach((encoder) => encoder.dispose());
  });

  it('restores the best validation epoch, stops early, and leaks no tensor', async () => {
    const start = tf.memory().numTensors;
    const encoder = await GenreEncoder.fit(matrix, labels, { ...small, epochs: 60, patience: 2 });
    const losses = encoder.history.map((e) => e.validationLoss);
    expect(encoder.history.length).toBeLessThan(60);
    const best = Math.min(...losses);
    expect(losses.indexOf(best)).toBe(losses.length - 3);
    encoder.encode(matrix);
    encoder.predictGenres(matrix);
    const weights = tf.memory().numTensors;
    encoder.dispose();
    expect(tf.memory().numTensors).toBeLessThan(weights);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('saves and loads with the label vocabulary, giving identical outputs', async () => {
    for (const decoder of [true, false]) {
      const encoder = await GenreEncoder.fit(matrix, labels, { ...small, decoder, epochs: 3 });
      const dir = join(folder, decoder ? 'sae' : 'classifier');
      await encoder.save(dir);
      const again = await GenreEncoder.load(dir);
      expect(again.genres).toEqual(encoder.genres);
      expect(again.config).toEqual(encoder.config);
      expect(again.history).toEqual(encoder.history);
      expect(again.encode(matrix).data).toEqual(encoder.encode(matrix).data);
      expect(again.predictGenres(matrix).data).toEqual(encoder.predictGenres(matrix).data);
      const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
        format: string;
      };
      expect(model.format).toBe('layers-model');
      const start = tf.memory().numTensors;
      const third = await GenreEncoder.load(dir);
      third.dispose();
      expect(tf.memory().numTensors).toBe(start);
      [encoder, again].forEach((e) => e.dispose());
    }
  });

  it('rejects broken saved files with the file and field named', async () => {
    const encoder = await GenreEncoder.fit(matrix, labels, { ...small, epochs: 2 });
    const dir = join(folder, 'good');
    await encoder.save(dir);
    encoder.dispose();
    const broken = (name: string, edit: (file: Record<string, unknown>) => void) => {
      const copy = join(folder, name);
      cpSync(dir, copy, { recursive: true });
      const file = JSON.parse(readFileSync(join(copy, 'genre-encoder.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      edit(file);
      writeFileSync(join(copy, 'genre-encoder.json'), JSON.stringify(file));
      return copy;
    };
    const cases: [string, (file: Record<string, unknown>) => void, string][] = [
      ['kind', (file) => (file.kind = 'spotrec.autoencoder'), 'kind'],
      ['repeated', (file) => (file.genres = ['pop', 'pop']), 'genres[1]'],
      ['std', (file) => (file.std = [1, 1, 1, 0, 1, 1]), 'std[3]'],
      ['short-mean', (file) => (file.mean = [0]), 'mean'],
      [
        'dropout',
        (file) => ((file.config as Record<string, unknown>).dropout = 1.5),
        'config.dropout',
      ],
      [
        'width',
        (file) => ((file.config as Record<string, unknown>).bottleneck = 5),
        'modelTopology.config.layers.bottleneck.units',
      ],
    ];
    for (const [name, edit, field] of cases) {
      const error = await GenreEncoder.load(broken(name, edit)).catch((e: unknown) => e);
      expect(InvalidFormatError.isInstance(error), name).toBe(true);
      expect((error as InvalidFormatError).field).toBe(field);
    }
    const truncated = join(folder, 'truncated');
    cpSync(dir, truncated, { recursive: true });
    truncateSync(join(truncated, 'weights.bin'), 10);
    const error = await GenreEncoder.load(truncated).catch((e: unknown) => e);
    expect((error as InvalidFormatError).file).toBe('weights.bin');
    const missing = await GenreEncoder.load(join(folder, 'nothing')).catch((e: unknown) => e);
    expect((missing as InvalidFormatError).file).toBe('genre-encoder.json');
  });

  it('rejects bad labels and options, and stops on an aborted signal', async () => {
    const bad = [
      [() => GenreEncoder.fit(matrix, labels.slice(1)), 'labels'],
      [
        () =>
          GenreEncoder.fit(
            matrix,
            labels.map((l, at) => (at === 7 ? [''] : l)),
          ),
        'labels[7]',
      ],
      [
        () =>
          GenreEncoder.fit(
            matrix,
            labels.map(() => ['pop']),
          ),
        'labels',
      ],
      [() => GenreEncoder.fit(matrix, labels, { genreWeight: 0 }), 'options.genreWeight'],
      [() => GenreEncoder.fit(matrix, labels, { bottleneck: 0 }), 'options.bottleneck'],
    ] as const;
    for (const [call, parameter] of bad) {
      const error = await call().catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error), parameter).toBe(true);
      expect((error as InvalidArgumentError).parameter).toBe(parameter);
    }
    const start = tf.memory().numTensors;
    const controller = new AbortController();
    const aborted = GenreEncoder.fit(matrix, labels, {
      ...small,
      signal: controller.signal,
      onEpochEnd: () => controller.abort(new Error('stop')),
    });
    await expect(aborted).rejects.toThrow('stop');
    expect(tf.memory().numTensors).toBe(start);
    const encoder = await GenreEncoder.fit(matrix, labels, { ...small, epochs: 1 });
    expect(() => encoder.encode({ data: new Float32Array(5), rows: 1, cols: 5 })).toThrow(
      InvalidArgumentError,
    );
    encoder.dispose();
    expect(() => encoder.encode(matrix)).toThrow('disposed');
  });
});
