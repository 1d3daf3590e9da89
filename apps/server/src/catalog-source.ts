/**
 * Where the served bundle comes from (a saved bundle, a CSV fitted at start, or the embedded
 * synthetic catalog), and the one immutable reference that requests read and reloads swap.
 */

import { ImplicitALS, ItemKNN } from '@spotrec/collaborative';
import { loadTracks, syntheticCatalog } from '@spotrec/data';
import type { Track } from '@spotrec/data';
import {
  RecommenderBundle,
  createRecommender,
  type RecommendRequest,
  type RecommendResponse,
} from '@spotrec/recommender';
import type { ArtistLookup } from './recommendations-request';
import type { OpenedStore } from './store';

/** What to serve. */
export type CatalogSource =
  | { readonly kind: 'bundle'; readonly dir: string }
  | { readonly kind: 'data'; readonly file: string }
  | { readonly kind: 'synthetic'; readonly tracks: number; readonly seed: number };

/** The embedded default: the seeded synthetic catalog of the size of the real dataset's tenth. */
export const DEFAULT_SOURCE: CatalogSource = { kind: 'synthetic', tracks: 11_400, seed: 42 };

/** A minimal logger (Fastify's pino logger fits). */
export interface Log {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/** Describes a source for people: `bundle /srv/models/real`. */
export function describeSource(source: CatalogSource): string {
  switch (source.kind) {
    case 'bundle':
      return `bundle ${source.dir}`;
    case 'data':
      return `data ${source.file}`;
    case 'synthetic':
      return `synthetic catalog (${source.tracks} made-up tracks, seed ${source.seed})`;
  }
}

/** Restores the collaborative model a bundle holds, by its `kind`. */
export function reviveCollaborative(json: unknown): ItemKNN | ImplicitALS {
  const kind =
    typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  if (kind === 'spotrec.implicit-als') return ImplicitALS.fromJSON(json);
  return ItemKNN.fromJSON(json);
}

/** Loads (or fits) the bundle of a source. */
export async function loadBundle(source: CatalogSource, log: Log): Promise<RecommenderBundle> {
  switch (source.kind) {
    case 'bundle': {
      const bundle = await RecommenderBundle.load(source.dir, {
        collaborative: reviveCollaborative,
      });
      for (const warning of bundle.warnings) log.warn({ bundle: source.dir }, warning);
      return bundle;
    }
    case 'data': {
      const { tracks, report } = await loadTracks(source.file, { onInvalid: 'skip' });
      log.info(
        {
          file: source.file,
          tracks: tracks.length,
          rowsRead: report.rowsRead,
          rowsRejected: report.rowsRejected,
        },
        `read ${tracks.length} tracks from ${source.file}; fitting the recommender at start (cosine over features)`,
      );
      return createRecommender({ tracks, model: 'features', seed: 42, source: source.file });
    }
    case 'synthetic': {
      const tracks = syntheticCatalog({ tracks: source.tracks, seed: source.seed });
      log.info(
        { tracks: tracks.length, seed: source.seed },
        `SYNTHETIC catalog: ${tracks.length} made-up tracks (seed ${source.seed}); fitting the recommender at start`,
      );
      return createRecommender({
        tracks,
        model: 'features',
        seed: source.seed,
        source: `synthetic:${source.tracks}:${source.seed}`,
      });
    }
  }
}

/**
 * Loads (or fits) the bundle of a source and, with a store, syncs it into the database
 * (idempotent: an unchanged bundle writes nothing) before it is served.
 */
export async function serveSource(
  source: CatalogSource,
  log: Log,
  store?: OpenedStore,
): Promise<ServedBundle> {
  const bundle = await loadBundle(source, log);
  if (store === undefined) return new ServedBundle(bundle);
  const result = await store.store.sync(bundle);
  log.info(
    {
      store: store.description,
      inserted: result.inserted,
      updated: result.updated,
      deleted: result.deleted,
      unchanged: result.unchanged,
      indexBuilt: result.indexBuilt,
      ms: Math.round(result.milliseconds),
    },
    `synced the catalog into ${store.description}`,
  );
  return new ServedBundle(bundle, store);
}

/** A loaded bundle with what the HTTP layer reads from it, built once. Never mutated. */
export class ServedBundle implements ArtistLookup {
  /** The bundle. */
  readonly bundle: RecommenderBundle;
  /** The database that answers recommendations, when `--store` was given. */
  readonly store: OpenedStore | undefined;
  /** The genre seeds, sorted. */
  readonly genres: readonly string[];
  /** When it was loaded. */
  readonly loadedAt: Date;
  private readonly artists: ReadonlySet<string>;

  constructor(bundle: RecommenderBundle, store?: OpenedStore) {
    this.bundle = bundle;
    this.store = store;
    this.genres = bundle.recommender.genres;
    this.loadedAt = new Date();
    // The recommender resolves artist names itself; this set only lets the wire parser keep a
    // name with a comma in one piece (the recommender exposes no artist lookup).
    const artists = new Set<string>();
    for (const track of bundle.tracks)
      for (const artist of track.artists) {
        artists.add(artist);
        artists.add(artist.toLowerCase());
      }
    this.artists = artists;
  }

  hasArtist(name: string): boolean {
    return this.artists.has(name) || this.artists.has(name.toLowerCase());
  }

  /** Answers a request: from the database with a store, else from the bundle in memory. */
  async recommend(request: RecommendRequest): Promise<RecommendResponse<Track>> {
    return this.store === undefined
      ? this.bundle.recommend(request)
      : this.store.store.recommend(request);
  }
}

/** The outcome of a reload. */
export type ReloadResult =
  | { readonly ok: true; readonly served: ServedBundle }
  | { readonly ok: false; readonly error: unknown };

/**
 * Holds the served bundle: one reference, read once per request, swapped only after a new
 * bundle has fully loaded, so a reload drops no request and no answer mixes two bundles.
 */
export class BundleHolder {
  private served: ServedBundle;
  private pending: Promise<ReloadResult> | undefined;
  private queued = false;

  constructor(
    readonly source: CatalogSource,
    initial: ServedBundle,
    private readonly log: Log,
    private readonly onSwap?: (served: ServedBundle) => void,
    /** The database that answers recommendations (`--store`), synced at every load. */
    readonly store?: OpenedStore,
  ) {
    this.served = initial;
  }

  /** Loads the source's bundle (and syncs it into the store, when there is one). */
  static async open(
    source: CatalogSource,
    log: Log,
    onSwap?: (served: ServedBundle) => void,
    store?: OpenedStore,
  ): Promise<BundleHolder> {
    const served = await serveSource(source, log, store);
    const holder = new BundleHolder(source, served, log, onSwap, store);
    onSwap?.(served);
    return holder;
  }

  /** The bundle to answer a request with (read it once per request). */
  get current(): ServedBundle {
    return this.served;
  }

  /**
   * Reloads the source and swaps the reference when the new bundle has fully loaded; on
   * failure keeps serving the old one and logs why. A reload asked for while one runs runs
   * once more after it.
   */
  reload(): Promise<ReloadResult> {
    if (this.pending !== undefined) {
      this.queued = true;
      return this.pending;
    }
    const run = async (): Promise<ReloadResult> => {
      const started = performance.now();
      try {
        const served = await serveSource(this.source, this.log, this.store);
        const previous = this.served.bundle.fingerprint;
        this.served = served;
        this.onSwap?.(served);
        this.log.info(
          {
            source: describeSource(this.source),
            previous,
            fingerprint: served.bundle.fingerprint,
            tracks: served.bundle.tracks.length,
            ms: Math.round(performance.now() - started),
          },
          'bundle reloaded',
        );
        return { ok: true, served };
      } catch (error) {
        this.log.warn(
          {
            source: describeSource(this.source),
            error: error instanceof Error ? error.message : String(error),
            fingerprint: this.served.bundle.fingerprint,
          },
          'bundle reload failed; still serving the previous bundle',
        );
        return { ok: false, error };
      }
    };
    this.pending = run().finally(() => {
      this.pending = undefined;
      if (this.queued) {
        this.queued = false;
        void this.reload();
      }
    });
    return this.pending;
  }
}
