/** Prometheus metrics of one server instance (its own registry, so instances never share). */

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServedBundle } from './catalog-source';

/** The metrics a server exposes at `/metrics`. */
export class ServerMetrics {
  /** The registry `/metrics` renders. */
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly catalogTracks: Gauge;
  private readonly bundleInfo: Gauge<
    'fingerprint' | 'format_version' | 'recommender_version' | 'model' | 'created_at' | 'source'
  >;
  private readonly reloads: Counter<'result'>;

  constructor(options: { readonly defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false)
      collectDefaultMetrics({ register: this.registry, prefix: 'spotrec_' });
    this.requests = new Counter({
      name: 'spotrec_http_requests_total',
      help: 'HTTP requests answered, by route template and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'spotrec_http_request_duration_seconds',
      help: 'Time from request to response, by route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.catalogTracks = new Gauge({
      name: 'spotrec_catalog_tracks',
      help: 'Tracks in the served catalog.',
      registers,
    });
    this.bundleInfo = new Gauge({
      name: 'spotrec_bundle_info',
      help: 'The served bundle (always 1): its catalog fingerprint, format and package versions.',
      labelNames: [
        'fingerprint',
        'format_version',
        'recommender_version',
        'model',
        'created_at',
        'source',
      ],
      registers,
    });
    this.reloads = new Counter({
      name: 'spotrec_bundle_reloads_total',
      help: 'Bundle reloads (SIGHUP), by result.',
      labelNames: ['result'],
      registers,
    });
  }

  /** Counts one answered request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  /** Records the bundle now served. */
  setBundle(served: ServedBundle): void {
    const { manifest } = served.bundle;
    this.catalogTracks.set(served.bundle.tracks.length);
    this.bundleInfo.reset();
    this.bundleInfo.set(
      {
        fingerprint: manifest.catalog.fingerprint,
        format_version: String(manifest.formatVersion),
        recommender_version: manifest.packages['@spotrec/recommender'] ?? 'unknown',
        model: manifest.model.kind,
        created_at: manifest.createdAt,
        source: manifest.catalog.source ?? '',
      },
      1,
    );
  }

  /** Counts a reload. */
  reloaded(ok: boolean): void {
    this.reloads.inc({ result: ok ? 'ok' : 'failed' });
  }
}
