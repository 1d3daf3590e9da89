import { CosineIndex, type DenseMatrix } from '@spotrec/cosine';
import type { Track } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec, type FeatureSpec } from '@spotrec/features';
import { bundleFiles } from './bundle-files';
import { readCatalog, writeCatalog } from './catalog-file';
import { CatalogMismatchError, InvalidArgumentError, InvalidFormatError } from './errors';
import { catalogFingerprint, sha256 } from './fingerprint';
import { Recommender } from './recommender';
import type { RecommendRequest, RecommendResponse } from './request';
import { VectorScorer, hybridScorer, itemScorer, type ItemScorerLike, type Scorer } from './scorer';
import { version } from '../package.json';

/** The bundle format this version writes and the newest it reads. */
export const BUNDLE_FORMAT_VERSION = 1;

/**
 * What ranks: cosine over the fitted features; cosine over embeddings from an embedder;
 * a collaborative model; or a collaborative model blended with cosine over the features.
 */
export type ModelKind = 'features' | 'embedding' | 'collaborative' | 'hybrid';

const MODEL_KINDS: readonly ModelKind[] = ['features', 'embedding', 'collaborative', 'hybrid'];

/** Anything that maps feature rows to embedding rows (the `Autoencoder` of `@spotrec/autoencoder` fits). */
export interface Embedder {
  /** One embedding row per input row. */
  encode(matrix: DenseMatrix): DenseMatrix;
  /** Saves the embedder into a folder (the bundle's `embedder/`), when it can. */
  save?(dir: string): Promise<unknown>;
  /** Its training history, recorded in the manifest when present. */
  readonly history?: readonly unknown[];
  /** Frees what it holds (tensors); the bundle keeps only the embeddings. */
  dispose?(): void;
}

/** A collaborative model a bundle can save: an `ItemScorer` with `toJSON` (`ItemKNN`, `ImplicitALS`). */
export interface SavableItemScorer extends ItemScorerLike {
  /** The model as JSON, restored at load by the reviver given to {@link RecommenderBundle.load}. */
  toJSON(): unknown;
}

/** Settings of the hybrid kind. */
export interface HybridSettings {
  /**
   * How the collaborative and content scores combine.
   * @defaultValue `'blend'`
   */
  readonly method?: 'blend' | 'rank-fusion';
  /**
   * The content term's weight.
   * @defaultValue `0.3`
   */
  readonly weight?: number;
}

/** The model a bundle holds. */
export interface ManifestModel {
  /** What ranks. */
  readonly kind: ModelKind;
  /** What it is, for people (`cosine over 8-d embeddings`). */
  readonly name: string;
  /** The seed it was fitted with. */
  readonly seed: number;
  /** Its settings (feature count, epochs, hybrid weight, …). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The embedder's training history, when it had one (one entry per epoch). */
  readonly training?: readonly unknown[];
}

/** The catalog a bundle was fitted on. */
export interface ManifestCatalog {
  /** Number of tracks. */
  readonly rows: number;
  /** `sha256:` over the ids and the fitted features (see {@link catalogFingerprint}). */
  readonly fingerprint: string;
  /** Where the catalog came from, for people. */
  readonly source?: string;
}

/** A file of a bundle. */
export interface ManifestFile {
  /** Its size. */
  readonly bytes: number;
  /** Its SHA-256, lowercase hex. */
  readonly sha256: string;
}

/** Everything a bundle's manifest records. */
export interface BundleManifest {
  /** Marks the file. */
  readonly kind: 'spotrec.bundle';
  /** The bundle format version. */
  readonly formatVersion: number;
  /** When it was written (ISO 8601). */
  readonly createdAt: string;
  /** The spotrec package versions that wrote it. */
  readonly packages: Readonly<Record<string, string>>;
  /** The model: kind, a name for people, the seed and its settings, and its training history when it had one. */
  readonly model: ManifestModel;
  /** The catalog it was fitted on. */
  readonly catalog: ManifestCatalog;
  /** Every file of the bundle (path relative to the folder) with its size and SHA-256. */
  readonly files: Readonly<Record<string, ManifestFile>>;
  /** Evaluation figures, when `spotrec train` (or you) measured them. */
  readonly evaluation?: unknown;
}

/** Options of {@link createRecommender}. */
export interface CreateRecommenderOptions {
  /** The catalog. */
  readonly tracks: readonly Track[];
  /**
   * What ranks.
   * @defaultValue `'features'`
   */
  readonly model?: ModelKind;
  /**
   * The feature pipeline's spec.
   * @defaultValue `spotifyFeatureSpec()` (12 features, min-max); `spotifyFeatureSpec({ scaler: 'zscore' })` for the hybrid
   */
  readonly features?: FeatureSpec;
  /**
   * For `'embedding'`: fits the embedder on the fitted features, such as
   * `(matrix, { seed }) => Autoencoder.fit(matrix, { seed })` from `@spotrec/autoencoder`.
   */
  readonly embed?: (
    matrix: DenseMatrix,
    context: { readonly seed: number; readonly signal: AbortSignal | undefined },
  ) => Promise<Embedder> | Embedder;
  /** For `'collaborative'` and `'hybrid'`: a fitted model over the catalog's ids (`ItemKNN.fit(…)`). */
  readonly collaborative?: SavableItemScorer;
  /** For `'hybrid'`: the method and weight. */
  readonly hybrid?: HybridSettings;
  /**
   * The seed of everything random (recorded in the manifest).
   * @defaultValue `0`
   */
  readonly seed?: number;
  /** Where the catalog came from, for people (recorded in the manifest). */
  readonly source?: string;
  /** Settings to record in the manifest (such as the embedder's epochs). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Cancels the fit. */
  readonly signal?: AbortSignal;
  /** Called as each stage starts: `'features'`, `'embedding'`, `'index'`. */
  readonly onProgress?: (stage: 'features' | 'embedding' | 'index') => void;
}

/** Options of {@link RecommenderBundle.load}. */
export interface LoadBundleOptions {
  /**
   * A catalog the bundle must have been fitted on: its fingerprint (ids and fitted features)
   * must equal the manifest's, or the load is refused with {@link CatalogMismatchError}.
   * Without it, the bundle's own compact catalog is used.
   */
  readonly tracks?: readonly Track[];
  /**
   * Use the bundle with `tracks` even when the fingerprints differ; `warnings` then says so.
   * @defaultValue `false`
   */
  readonly allowCatalogMismatch?: boolean;
  /** Restores a collaborative model from its JSON (`ItemKNN.fromJSON`, `ImplicitALS.fromJSON`). */
  readonly collaborative?: (json: unknown) => ItemScorerLike;
  /**
   * Also recompute the fingerprint of the bundle's own catalog (transform every track with the
   * bundle's pipeline and hash it) and compare it with the manifest's. The per-file checksums
   * already catch corrupted files; this catches a manifest edited by hand.
   * @defaultValue `false`
   */
  readonly verifyFingerprint?: boolean;
}

const FEATURES_FILE = 'features.bin';
const EMBEDDINGS_FILE = 'embeddings.bin';
const PIPELINE_FILE = 'pipeline.json';
const CATALOG_FILE = 'catalog.json';
const CATALOG_BIN_FILE = 'catalog.bin';
const COLLABORATIVE_FILE = 'collaborative.json';
const MANIFEST_FILE = 'manifest.json';
const EMBEDDER_DIR = 'embedder';

interface Parts {
  readonly manifest: BundleManifest;
  readonly tracks: readonly Track[];
  readonly pipeline: FeaturePipeline<Track>;
  readonly featureIndex: CosineIndex;
  readonly embeddingIndex: CosineIndex | undefined;
  readonly collaborative: ItemScorerLike | undefined;
  readonly embedder: Embedder | undefined;
  readonly warnings: readonly string[];
  readonly duplicateGroups?: Int32Array;
}

function scorerFor(
  parts: Omit<Parts, 'manifest' | 'warnings'>,
  model: Pick<ManifestModel, 'kind' | 'settings'>,
): { scorer: Scorer; content: VectorScorer } {
  const ids = parts.tracks.map((track) => track.id);
  const features = VectorScorer.build(parts.featureIndex, ids, {
    columns: parts.pipeline.columns,
    name: `cosine over ${parts.featureIndex.dimension} features`,
  });
  return { scorer: scorerOver(features, ids, parts, model), content: features };
}

function scorerOver(
  features: VectorScorer,
  ids: readonly string[],
  parts: Omit<Parts, 'manifest' | 'warnings'>,
  model: Pick<ManifestModel, 'kind' | 'settings'>,
): Scorer {
  if (model.kind === 'features') return features;
  if (model.kind === 'embedding') {
    const index = parts.embeddingIndex as CosineIndex;
    return VectorScorer.build(index, ids, {
      columns: Array.from({ length: index.dimension }, (_, j) => `embedding${j + 1}`),
      name: `cosine over ${index.dimension}-d embeddings`,
    });
  }
  const cf = itemScorer(parts.collaborative as ItemScorerLike, ids, {
    name: String(model.settings.collaborative ?? 'collaborative model'),
  });
  if (model.kind === 'collaborative') return cf;
  const { method = 'blend', weight = 0.3 } = model.settings as HybridSettings;
  return hybridScorer(cf, features, { method, weight });
}

/**
 * A fitted recommender with everything needed to answer requests, savable as one folder (a
 * bundle) with provenance: the manifest (format and package versions, model kind, settings and
 * seed, catalog fingerprint, a checksum per file, evaluation figures), the fitted
 * `FeaturePipeline`, the `CosineIndex` binaries, a compact catalog and the collaborative model
 * or embedder when the kind has one. Make one with {@link createRecommender}; restore one with
 * {@link RecommenderBundle.load}.
 *
 * @example
 * ```ts
 * import { syntheticCatalog } from '@spotrec/data';
 * import { createRecommender } from '@spotrec/recommender';
 *
 * const tracks = syntheticCatalog({ tracks: 2000, seed: 1 });
 * const bundle = await createRecommender({ tracks, model: 'features' });
 * const { tracks: hits } = bundle.recommend({ seedTracks: [tracks[0]!.id], k: 3 });
 * console.log(hits.length); // 3
 * console.log(bundle.manifest.catalog.rows); // 2000
 * ```
 */
export class RecommenderBundle {
  /** The manifest (as it is, or will be, written). */
  readonly manifest: BundleManifest;
  /** The catalog, in row order. */
  readonly tracks: readonly Track[];
  /** The fitted feature pipeline. */
  readonly pipeline: FeaturePipeline<Track>;
  /** Cosine index over the fitted features (content similarity, diversity). */
  readonly featureIndex: CosineIndex;
  /** Cosine index over the embeddings, for the `'embedding'` kind. */
  readonly embeddingIndex: CosineIndex | undefined;
  /** The collaborative model, for the `'collaborative'` and `'hybrid'` kinds. */
  readonly collaborative: ItemScorerLike | undefined;
  /** The embedder, when this bundle was fitted in this process (a loaded bundle holds only the embeddings). */
  readonly embedder: Embedder | undefined;
  /** The request model over the bundle's scorer. */
  readonly recommender: Recommender<Track>;
  /** What the load had to say (such as a catalog used despite a fingerprint mismatch). */
  readonly warnings: readonly string[];

  private constructor(parts: Parts) {
    this.manifest = parts.manifest;
    this.tracks = parts.tracks;
    this.pipeline = parts.pipeline;
    this.featureIndex = parts.featureIndex;
    this.embeddingIndex = parts.embeddingIndex;
    this.collaborative = parts.collaborative;
    this.embedder = parts.embedder;
    this.warnings = parts.warnings;
    const { scorer, content } = scorerFor(parts, parts.manifest.model);
    this.recommender = Recommender.build({
      tracks: parts.tracks,
      scorer,
      diversityVectors: content.vectors,
      ...(parts.duplicateGroups === undefined ? {} : { duplicateGroups: parts.duplicateGroups }),
    });
  }

  /** @internal */
  static fromParts(parts: Parts): RecommenderBundle {
    return new RecommenderBundle(parts);
  }

  /** The catalog fingerprint the bundle was fitted on. */
  get fingerprint(): string {
    return this.manifest.catalog.fingerprint;
  }

  /**
   * Recommends tracks for a request: {@link Recommender.recommend} over the bundle's scorer.
   *
   * @param request - Seeds, size, ranges, targets, filters and diversity.
   * @returns The tracks best first, with explanations and pool sizes.
   */
  recommend(request: RecommendRequest): RecommendResponse<Track> {
    return this.recommender.recommend(request);
  }

  /**
   * A copy of this bundle with evaluation figures in its manifest (saved with it).
   *
   * @param evaluation - Any JSON-serialisable figures.
   * @returns The new bundle; this one is unchanged.
   */
  withEvaluation(evaluation: unknown): RecommenderBundle {
    return new RecommenderBundle({
      ...this,
      manifest: { ...this.manifest, evaluation },
      duplicateGroups: this.recommender.duplicateGroups,
    });
  }

  /**
   * Writes the bundle into `dir` (created when missing; files of an earlier bundle there are
   * replaced). Node.js only: the file system is imported when this runs (in the browser
   * build this fails with an {@link InvalidArgumentError}).
   *
   * @param dir - The folder.
   * @returns The manifest written.
   * @throws whatever the file system throws (such as `EACCES`, `ENOTDIR`), with the path.
   */
  async save(dir: string): Promise<BundleManifest> {
    const { mkdir, writeFile, readdir, readFile, rm, join, relative } = await bundleFiles(dir);
    await mkdir(dir, { recursive: true });
    const encoder = new TextEncoder();
    const files = new Map<string, Uint8Array>();
    files.set(PIPELINE_FILE, encoder.encode(JSON.stringify(this.pipeline.toJSON())));
    const catalog = writeCatalog(this.tracks, this.recommender.duplicateGroups);
    files.set(CATALOG_FILE, encoder.encode(JSON.stringify(catalog.json)));
    files.set(CATALOG_BIN_FILE, catalog.bin);
    files.set(FEATURES_FILE, this.featureIndex.toBuffer());
    if (this.embeddingIndex !== undefined)
      files.set(EMBEDDINGS_FILE, this.embeddingIndex.toBuffer());
    if (this.collaborative !== undefined) {
      const model = this.collaborative as Partial<SavableItemScorer>;
      if (typeof model.toJSON !== 'function')
        throw new InvalidArgumentError('collaborative', 'a model with toJSON() to save', model);
      files.set(COLLABORATIVE_FILE, encoder.encode(JSON.stringify(model.toJSON())));
    }
    await rm(join(dir, EMBEDDER_DIR), { recursive: true, force: true });
    for (const [name, bytes] of files) await writeFile(join(dir, name), bytes);
    const listed: Record<string, { bytes: number; sha256: string }> = {};
    for (const [name, bytes] of files)
      listed[name] = { bytes: bytes.length, sha256: await sha256(bytes) };
    if (this.embedder?.save !== undefined) {
      const embedderDir = join(dir, EMBEDDER_DIR);
      await this.embedder.save(embedderDir);
      for (const entry of await readdir(embedderDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        const bytes = new Uint8Array(await readFile(path));
        listed[relative(dir, path).split('\\').join('/')] = {
          bytes: bytes.length,
          sha256: await sha256(bytes),
        };
      }
    }
    const manifest: BundleManifest = { ...this.manifest, files: listed };
    await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }

  /**
   * Reads a bundle written by {@link RecommenderBundle.save}. Every file's size and SHA-256
   * are checked against the manifest before it is parsed, and every field is validated.
   * Node.js only: the file system is imported when this runs (in the browser build this
   * fails with an {@link InvalidArgumentError}).
   *
   * @param dir - The folder.
   * @param options - A catalog to check the bundle against; the collaborative model's reviver.
   * @returns The bundle, ready to answer requests.
   * @throws {@link InvalidFormatError} naming the file and field for a missing, truncated,
   * corrupted, foreign or newer-format file.
   * @throws {@link CatalogMismatchError} when `options.tracks` has another fingerprint (unless
   * `allowCatalogMismatch`).
   * @throws {@link InvalidArgumentError} when the bundle holds a collaborative model and no
   * reviver was given.
   */
  static async load(dir: string, options: LoadBundleOptions = {}): Promise<RecommenderBundle> {
    const { readFile, join } = await bundleFiles(dir);
    const path = (name: string) => join(dir, name);
    const read = async (name: string): Promise<Uint8Array> => {
      try {
        return new Uint8Array(await readFile(path(name)));
      } catch (error) {
        throw new InvalidFormatError(path(name), '', 'a readable file', (error as Error).message, {
          cause: error,
        });
      }
    };
    const manifest = readManifest(await read(MANIFEST_FILE), path(MANIFEST_FILE));
    const checked = async (name: string): Promise<Uint8Array> => {
      const entry = manifest.files[name];
      if (entry === undefined)
        throw new InvalidFormatError(
          path(MANIFEST_FILE),
          `files["${name}"]`,
          'an entry',
          undefined,
        );
      const bytes = await read(name);
      if (bytes.length !== entry.bytes)
        throw new InvalidFormatError(
          path(name),
          '',
          `${entry.bytes} bytes (manifest)`,
          `${bytes.length} bytes`,
        );
      const digest = await sha256(bytes);
      if (digest !== entry.sha256)
        throw new InvalidFormatError(path(name), '', `SHA-256 ${entry.sha256} (manifest)`, digest);
      return bytes;
    };
    const json = async (name: string): Promise<unknown> => {
      const bytes = await checked(name);
      try {
        return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch (error) {
        throw new InvalidFormatError(path(name), '', 'JSON text', (error as Error).message, {
          cause: error,
        });
      }
    };
    const wrap = <V>(name: string, parse: () => V): V => {
      try {
        return parse();
      } catch (error) {
        if (InvalidFormatError.isInstance(error)) throw error;
        throw new InvalidFormatError(path(name), '', 'a valid file', (error as Error).message, {
          cause: error,
        });
      }
    };
    const pipelineJSON = await json(PIPELINE_FILE);
    const pipeline = wrap(PIPELINE_FILE, () => FeaturePipeline.fromJSON<Track>(pipelineJSON));
    const catalogJSON = await json(CATALOG_FILE);
    const { tracks: bundled, groups } = readCatalog(
      catalogJSON,
      await checked(CATALOG_BIN_FILE),
      path(CATALOG_FILE),
      path(CATALOG_BIN_FILE),
    );
    const featureBytes = await checked(FEATURES_FILE);
    const featureIndex = wrap(FEATURES_FILE, () => CosineIndex.fromBuffer(featureBytes));
    const rows = manifest.catalog.rows;
    if (bundled.length !== rows)
      throw new InvalidFormatError(
        path(CATALOG_FILE),
        'rows',
        `${rows} rows (manifest)`,
        bundled.length,
      );
    if (featureIndex.size !== rows || featureIndex.dimension !== pipeline.columns.length)
      throw new InvalidFormatError(
        path(FEATURES_FILE),
        '',
        `${rows} × ${pipeline.columns.length} vectors (manifest, pipeline)`,
        `${featureIndex.size} × ${featureIndex.dimension}`,
      );
    const ids = bundled.map((track) => track.id);
    featureIndex.ids.forEach((id, row) => {
      if (id !== ids[row])
        throw new InvalidFormatError(
          path(FEATURES_FILE),
          `ids[${row}]`,
          `"${ids[row]}" (catalog)`,
          id,
        );
    });
    let embeddingIndex: CosineIndex | undefined;
    if (manifest.model.kind === 'embedding') {
      const bytes = await checked(EMBEDDINGS_FILE);
      embeddingIndex = wrap(EMBEDDINGS_FILE, () => CosineIndex.fromBuffer(bytes));
      if (embeddingIndex.size !== rows || embeddingIndex.ids.some((id, row) => id !== ids[row]))
        throw new InvalidFormatError(
          path(EMBEDDINGS_FILE),
          'ids',
          'the catalog ids in order',
          `${embeddingIndex.size} ids`,
        );
    }
    let collaborative: ItemScorerLike | undefined;
    if (manifest.model.kind === 'collaborative' || manifest.model.kind === 'hybrid') {
      const modelJSON = await json(COLLABORATIVE_FILE);
      if (options.collaborative === undefined)
        throw new InvalidArgumentError(
          'options.collaborative',
          `a reviver for the bundle's ${String((modelJSON as { kind?: unknown }).kind ?? 'collaborative')} model (such as ItemKNN.fromJSON from @spotrec/collaborative)`,
          undefined,
        );
      const revive = options.collaborative;
      collaborative = wrap(COLLABORATIVE_FILE, () => revive(modelJSON));
    }
    for (const name of Object.keys(manifest.files))
      if (name.startsWith(`${EMBEDDER_DIR}/`)) await checked(name);

    const warnings: string[] = [];
    const tracks: readonly Track[] = bundled;
    if (options.tracks !== undefined) {
      const given = options.tracks;
      const fingerprint = await catalogFingerprint(
        given.map((track) => track.id),
        pipeline.transform(given),
      );
      if (fingerprint !== manifest.catalog.fingerprint) {
        if (options.allowCatalogMismatch !== true)
          throw new CatalogMismatchError(dir, manifest.catalog.fingerprint, fingerprint);
        warnings.push(
          `the catalog given (${fingerprint}) is not the one the bundle was fitted on (${manifest.catalog.fingerprint}); using the bundle's own catalog`,
        );
      }
    } else if (options.verifyFingerprint === true) {
      const fingerprint = await catalogFingerprint(ids, pipeline.transform(bundled));
      if (fingerprint !== manifest.catalog.fingerprint)
        throw new InvalidFormatError(
          path(CATALOG_FILE),
          '',
          `catalog ${manifest.catalog.fingerprint} (manifest)`,
          fingerprint,
        );
    }
    return new RecommenderBundle({
      manifest,
      tracks,
      pipeline,
      featureIndex,
      embeddingIndex,
      collaborative,
      embedder: undefined,
      warnings,
      duplicateGroups: groups,
    });
  }
}

function readManifest(bytes: Uint8Array, file: string): BundleManifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new InvalidFormatError(file, '', 'JSON text', (error as Error).message, { cause: error });
  }
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new InvalidFormatError(file, field, expected, value);
  };
  if (typeof json !== 'object' || json === null) return fail('', 'a manifest object', json);
  const m = json as Record<string, unknown>;
  if (m.kind !== 'spotrec.bundle') fail('kind', '"spotrec.bundle"', m.kind);
  if (
    typeof m.formatVersion !== 'number' ||
    !Number.isSafeInteger(m.formatVersion) ||
    m.formatVersion < 1
  )
    fail('formatVersion', 'a positive integer', m.formatVersion);
  if ((m.formatVersion as number) > BUNDLE_FORMAT_VERSION)
    fail(
      'formatVersion',
      `a version ≤ ${BUNDLE_FORMAT_VERSION} (this @spotrec/recommender ${version} reads up to ${BUNDLE_FORMAT_VERSION}; upgrade it)`,
      m.formatVersion,
    );
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt)))
    fail('createdAt', 'an ISO 8601 time', m.createdAt);
  const record = (value: unknown, field: string) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      fail(field, 'an object', value);
    return value as Record<string, unknown>;
  };
  for (const [name, value] of Object.entries(record(m.packages, 'packages')))
    if (typeof value !== 'string') fail(`packages["${name}"]`, 'a version string', value);
  const model = record(m.model, 'model');
  if (!MODEL_KINDS.includes(model.kind as ModelKind))
    fail('model.kind', MODEL_KINDS.map((kind) => `"${kind}"`).join(', '), model.kind);
  if (typeof model.name !== 'string') fail('model.name', 'a string', model.name);
  if (typeof model.seed !== 'number' || !Number.isSafeInteger(model.seed))
    fail('model.seed', 'an integer', model.seed);
  record(model.settings, 'model.settings');
  if (model.training !== undefined && !Array.isArray(model.training))
    fail('model.training', 'an array', model.training);
  const catalog = record(m.catalog, 'catalog');
  if (typeof catalog.rows !== 'number' || !Number.isSafeInteger(catalog.rows) || catalog.rows < 1)
    fail('catalog.rows', 'a positive integer', catalog.rows);
  if (typeof catalog.fingerprint !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(catalog.fingerprint))
    fail('catalog.fingerprint', '"sha256:" and 64 hex digits', catalog.fingerprint);
  if (catalog.source !== undefined && typeof catalog.source !== 'string')
    fail('catalog.source', 'a string', catalog.source);
  for (const [name, entry] of Object.entries(record(m.files, 'files'))) {
    const value = record(entry, `files["${name}"]`);
    if (typeof value.bytes !== 'number' || !Number.isSafeInteger(value.bytes) || value.bytes < 0)
      fail(`files["${name}"].bytes`, 'a byte count', value.bytes);
    if (typeof value.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(value.sha256))
      fail(`files["${name}"].sha256`, '64 hex digits', value.sha256);
    if (name.includes('..') || name.startsWith('/'))
      fail(`files["${name}"]`, 'a path inside the bundle', name);
  }
  return json as BundleManifest;
}

/**
 * The one-call facade for the common case: fits the feature pipeline, the embedder (for
 * `'embedding'`) and the cosine indexes over `tracks`, wraps a fitted collaborative model (for
 * `'collaborative'` and `'hybrid'`), and returns a bundle that can `recommend(request)` and
 * `save(dir)`. The models plug in structurally: installing `@spotrec/recommender` never pulls
 * TensorFlow.js or the collaborative models.
 *
 * @param options - The catalog, the model kind and what it needs, the seed.
 * @returns The fitted bundle.
 * @throws {@link InvalidArgumentError} for an empty catalog, an unknown kind, or a kind whose
 * embedder or collaborative model is missing.
 *
 * @example
 * ```ts
 * import { syntheticCatalog } from '@spotrec/data';
 * import { createRecommender } from '@spotrec/recommender';
 *
 * const tracks = syntheticCatalog({ tracks: 3000, seed: 7 });
 * const bundle = await createRecommender({ tracks, model: 'features', seed: 7 });
 * const response = bundle.recommend({
 *   seedGenres: ['jazz'],
 *   min: { tempo: 90 },
 *   target: { energy: 0.4 },
 *   maxPerArtist: 1,
 *   k: 5,
 * });
 * for (const hit of response.tracks) console.log(hit.track.name, hit.score.toFixed(3), hit.closestSeed);
 * ```
 */
export async function createRecommender(
  options: CreateRecommenderOptions,
): Promise<RecommenderBundle> {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('options', 'an options object', options);
  const { tracks, model = 'features', seed = 0, signal } = options;
  if (!Array.isArray(tracks) || tracks.length === 0)
    throw new InvalidArgumentError('options.tracks', 'a non-empty array of tracks', tracks);
  if (!MODEL_KINDS.includes(model))
    throw new InvalidArgumentError(
      'options.model',
      MODEL_KINDS.map((kind) => `'${kind}'`).join(', '),
      model,
    );
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed))
    throw new InvalidArgumentError('options.seed', 'an integer', seed);
  if (model === 'embedding' && typeof options.embed !== 'function')
    throw new InvalidArgumentError(
      'options.embed',
      "a function fitting an embedder, for model 'embedding'",
      options.embed,
    );
  if ((model === 'collaborative' || model === 'hybrid') && options.collaborative === undefined)
    throw new InvalidArgumentError(
      'options.collaborative',
      `a fitted collaborative model, for model '${model}'`,
      undefined,
    );
  signal?.throwIfAborted();
  options.onProgress?.('features');
  const spec =
    options.features ?? spotifyFeatureSpec(model === 'hybrid' ? { scaler: 'zscore' } : {});
  const pipeline = new FeaturePipeline<Track>(spec);
  const matrix = pipeline.fitTransform(tracks);
  const ids = tracks.map((track) => track.id);
  options.onProgress?.('index');
  const featureIndex = CosineIndex.build(matrix, ids);
  let embeddingIndex: CosineIndex | undefined;
  let embedder: Embedder | undefined;
  if (model === 'embedding') {
    options.onProgress?.('embedding');
    embedder = await (options.embed as NonNullable<CreateRecommenderOptions['embed']>)(matrix, {
      seed,
      signal,
    });
    signal?.throwIfAborted();
    embeddingIndex = CosineIndex.build(embedder.encode(matrix), ids);
  }
  const hybrid = options.hybrid ?? {};
  const collaborativeName =
    options.collaborative === undefined
      ? undefined
      : String(
          (options.collaborative.toJSON() as { kind?: unknown }).kind ?? 'collaborative model',
        );
  const settings: Record<string, unknown> = {
    ...options.settings,
    features: pipeline.columns.length,
    ...(collaborativeName === undefined ? {} : { collaborative: collaborativeName }),
    ...(model === 'hybrid'
      ? { method: hybrid.method ?? 'blend', weight: hybrid.weight ?? 0.3 }
      : {}),
  };
  const history = embedder?.history;
  const parts = {
    tracks,
    pipeline,
    featureIndex,
    embeddingIndex,
    collaborative: options.collaborative,
    embedder,
  };
  const { scorer } = scorerFor(parts, { kind: model, settings });
  const manifest: BundleManifest = {
    kind: 'spotrec.bundle',
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    packages: { '@spotrec/recommender': version },
    model: {
      kind: model,
      name: scorer.name,
      seed,
      settings,
      ...(Array.isArray(history) ? { training: history } : {}),
    },
    catalog: {
      rows: tracks.length,
      fingerprint: await catalogFingerprint(ids, matrix),
      ...(options.source === undefined ? {} : { source: options.source }),
    },
    files: {},
  };
  return RecommenderBundle.fromParts({ ...parts, manifest, warnings: [] });
}
