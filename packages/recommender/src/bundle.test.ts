import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionMatrix, ItemKNN } from '@spotrec/collaborative';
import { syntheticCatalog, type Track } from '@spotrec/data';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CatalogMismatchError,
  InvalidArgumentError,
  InvalidFormatError,
  RecommenderBundle,
  createRecommender,
  type Embedder,
  type RecommendRequest,
} from './index';

const work = mkdtempSync(join(tmpdir(), 'spotrec-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tracks = syntheticCatalog({ tracks: 1500, seed: 3 });
const other = syntheticCatalog({ tracks: 1500, seed: 4 });

/** A fixed linear map 12 → 4, with a save() and a history like a trained embedder. */
const linearEmbedder = (label: string): Embedder => ({
  encode(matrix) {
    const data = new Float32Array(matrix.rows * 4);
    for (let row = 0; row < matrix.rows; row += 1)
      for (let j = 0; j < matrix.cols; j += 1)
        data[row * 4 + (j % 4)] =
          (data[row * 4 + (j % 4)] as number) +
          (matrix.data[row * matrix.cols + j] as number) * (1 + j / 10);
    return { data, rows: matrix.rows, cols: 4 };
  },
  async save(dir) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'weights.txt'), `linear 12 → 4 (${label})`);
  },
  history: [{ epoch: 1, loss: 0.5 }],
});

function playlists(catalog: readonly Track[]) {
  const pairs: [string, string][] = [];
  for (let row = 0; row + 5 < catalog.length; row += 3)
    for (let at = row; at < row + 6; at += 1) pairs.push([`p${row}`, (catalog[at] as Track).id]);
  return InteractionMatrix.fromPairs(pairs);
}

const requests = (catalog: readonly Track[]): RecommendRequest[] => [
  { seedTracks: [(catalog[0] as Track).id], k: 10 },
  {
    seedTracks: [(catalog[5] as Track).id, (catalog[9] as Track).id],
    min: { tempo: 100 },
    target: { energy: 0.6 },
    maxPerArtist: 1,
    k: 15,
  },
  { seedGenres: [(catalog[2] as Track).genres[0] as string], diversity: 0.4, k: 8 },
];

async function fitted(
  kind: 'features' | 'embedding' | 'hybrid' | 'collaborative',
  catalog = tracks,
) {
  return createRecommender({
    tracks: catalog,
    model: kind,
    seed: 9,
    embed: () => linearEmbedder(String(catalog.length === 1500 && catalog === tracks ? 'a' : 'b')),
    collaborative: ItemKNN.fit(playlists(catalog), { neighbours: 50 }),
    source: 'synthetic seed 3',
  });
}

describe('RecommenderBundle save/load', () => {
  for (const kind of ['features', 'embedding', 'collaborative', 'hybrid'] as const) {
    it(`a ${kind} bundle round-trips to identical recommendations`, async () => {
      const bundle = await fitted(kind);
      const dir = join(work, `round-${kind}`);
      const manifest = await bundle.save(dir);
      expect(manifest.model.kind).toBe(kind);
      expect(manifest.catalog.rows).toBe(1500);
      expect(manifest.model.seed).toBe(9);
      const loaded = await RecommenderBundle.load(dir, {
        collaborative: (json) => ItemKNN.fromJSON(json),
      });
      expect(loaded.fingerprint).toBe(bundle.fingerprint);
      expect(loaded.tracks).toEqual(bundle.tracks);
      for (const request of requests(tracks)) {
        const before = bundle.recommend(request);
        const after = loaded.recommend(request);
        expect(after).toEqual(before);
        expect(after.tracks.length).toBe(request.k);
      }
      if (kind === 'embedding') {
        expect(manifest.files['embedder/weights.txt']?.bytes).toBe(
          Buffer.byteLength('linear 12 → 4 (a)'),
        );
        expect(manifest.model.training).toEqual([{ epoch: 1, loss: 0.5 }]);
      }
    });
  }

  it('the fingerprint covers ids and fitted features: the same catalog loads, another is refused naming both', async () => {
    const bundle = await fitted('features');
    const dir = join(work, 'fingerprint');
    await bundle.save(dir);
    await expect(RecommenderBundle.load(dir, { tracks })).resolves.toBeInstanceOf(
      RecommenderBundle,
    );
    const changed = tracks.map((track, row) =>
      row === 7 ? { ...track, energy: track.energy / 2 } : track,
    );
    for (const catalog of [other, changed]) {
      const error: unknown = await RecommenderBundle.load(dir, { tracks: catalog }).catch(
        (e: unknown) => e,
      );
      expect(CatalogMismatchError.isInstance(error)).toBe(true);
      expect((error as CatalogMismatchError).bundleFingerprint).toBe(bundle.fingerprint);
      expect((error as CatalogMismatchError).catalogFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((error as CatalogMismatchError).catalogFingerprint).not.toBe(bundle.fingerprint);
    }
    const allowed = await RecommenderBundle.load(dir, {
      tracks: other,
      allowCatalogMismatch: true,
    });
    expect(allowed.warnings.join('\n')).toContain('not the one the bundle was fitted on');
  });

  it('a collaborative bundle without a reviver is refused, naming the option and the model', async () => {
    const dir = join(work, 'no-reviver');
    await (await fitted('hybrid')).save(dir);
    const error: unknown = await RecommenderBundle.load(dir).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('spotrec.item-knn');
  });

  describe('every file truncated, flipped or swapped for another bundle’s is refused naming it', async () => {
    const dir = join(work, 'corrupt-source');
    const otherDir = join(work, 'corrupt-other');
    await (await fitted('embedding')).save(dir);
    await (await fitted('embedding', other)).save(otherDir);
    const files = [
      'pipeline.json',
      'catalog.json',
      'catalog.bin',
      'features.bin',
      'embeddings.bin',
      'embedder/weights.txt',
    ];
    let cases = 0;
    const copy = (name: string) => {
      const target = join(work, `case-${(cases += 1)}`);
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const relative = join(entry.parentPath, entry.name).slice(dir.length + 1);
        const to = join(target, relative);
        rmSync(to, { force: true });
        mkdirSync(join(to, '..'), { recursive: true });
        writeFileSync(to, readFileSync(join(dir, relative)));
      }
      return { target, path: join(target, name) };
    };
    for (const name of files) {
      it.each(['truncated', 'flipped', 'swapped'] as const)(`${name} %s`, async (damage) => {
        const { target, path } = copy(name);
        const bytes = readFileSync(path);
        if (damage === 'truncated') writeFileSync(path, bytes.subarray(0, bytes.length - 3));
        if (damage === 'flipped') {
          const at = Math.floor(bytes.length / 2);
          bytes[at] = (bytes[at] as number) ^ 0x10;
          writeFileSync(path, bytes);
        }
        if (damage === 'swapped') writeFileSync(path, readFileSync(join(otherDir, name)));
        const error: unknown = await RecommenderBundle.load(target).catch((e: unknown) => e);
        expect(InvalidFormatError.isInstance(error)).toBe(true);
        expect((error as InvalidFormatError).file).toBe(path);
      });
    }
    it('a newer format version is refused naming formatVersion', async () => {
      const { target } = copy('manifest.json');
      const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'));
      writeFileSync(
        join(target, 'manifest.json'),
        JSON.stringify({ ...manifest, formatVersion: 2 }),
      );
      const error: unknown = await RecommenderBundle.load(target).catch((e: unknown) => e);
      expect((error as InvalidFormatError).field).toBe('formatVersion');
    });
    it('a manifest whose catalog fingerprint was edited is refused with verifyFingerprint', async () => {
      const { target } = copy('manifest.json');
      const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'));
      manifest.catalog.fingerprint = `sha256:${'0'.repeat(64)}`;
      writeFileSync(join(target, 'manifest.json'), JSON.stringify(manifest));
      await expect(RecommenderBundle.load(target)).resolves.toBeInstanceOf(RecommenderBundle);
      const error: unknown = await RecommenderBundle.load(target, {
        verifyFingerprint: true,
      }).catch((e: unknown) => e);
      expect(InvalidFormatError.isInstance(error)).toBe(true);
      expect((error as InvalidFormatError).file).toBe(join(target, 'catalog.json'));
    });
    it('a missing manifest is refused naming the file', async () => {
      const error: unknown = await RecommenderBundle.load(join(work, 'nowhere')).catch(
        (e: unknown) => e,
      );
      expect(InvalidFormatError.isInstance(error)).toBe(true);
      expect((error as InvalidFormatError).file).toBe(join(work, 'nowhere', 'manifest.json'));
      expect((error as Error).cause).toBeInstanceOf(Error);
    });
  });
});
