// What the consumer smoke test runs per published package. `js` runs in both the .mjs and
// the .cjs file with the package bound to `m` and an `assert(ok, what)` helper; `ts` is
// type-checked (not run) with the package imported as `alias`.
export const SMOKE_CASES = {
  '@spotrec/data': {
    alias: 'data',
    js: `
      const tracks = m.syntheticCatalog({ tracks: 50, seed: 1 });
      assert(tracks.length === 50, 'syntheticCatalog size');
      const described = m.describeTracks(tracks);
      assert(described.count === 50, 'describeTracks count');
      const { tracks: loaded } = await m.loadTracks({ text: 'track_id,artists,track_name,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo\\nx,A;B,Song,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120\\n' });
      assert(loaded[0].artists.length === 2, 'loadTracks');
      let caught; try { m.syntheticCatalog({ tracks: -1 }); } catch (error) { caught = error; }
      assert(m.InvalidArgumentError.isInstance(caught), 'typed error');
      // The compactly shipped genre statistics decode to the committed figures exactly.
      const committed = process.env.SPOTREC_GENRE_STATS;
      assert(JSON.stringify(m.DEFAULT_GENRE_STATISTICS) === committed, 'genre statistics unchanged');`,
    ts: `
const catalog: data.Track[] = data.syntheticCatalog({ tracks: 5, seed: 2 });
const summary: data.TracksDescription = data.describeTracks(catalog, { features: ['energy'] });
const pending: Promise<data.LoadTracksResult> = data.loadTracks('x.csv', { onInvalid: 'collect' });
void summary; void pending;`,
  },
  '@spotrec/features': {
    alias: 'features',
    js: `
      const pipeline = new m.FeaturePipeline(m.spotifyFeatureSpec());
      const rows = [0.1, 0.5, 0.9].map((x, index) => ({ danceability: x, energy: x, key: index, loudness: -5 * x, mode: index % 2,
        speechiness: x, acousticness: x, instrumentalness: x, liveness: x, valence: x, tempo: 100 + x, popularity: 10 * index }));
      const matrix = pipeline.fitTransform(rows);
      assert(matrix.rows === 3 && matrix.cols === 12 && matrix.data instanceof Float32Array, 'fitTransform shape');
      const restored = m.FeaturePipeline.fromJSON(JSON.stringify(pipeline));
      assert(restored.transformOne(rows[1]).join() === matrix.data.slice(12, 24).join(), 'round trip');
      let caught; try { pipeline.transform([{}]); } catch (error) { caught = error; }
      assert(m.InvalidValueError.isInstance(caught), 'typed error');`,
    ts: `
const spec: features.FeatureSpec = features.spotifyFeatureSpec({ oneHot: true });
const pipeline = new features.FeaturePipeline<{ energy: number }>(spec);
const matrix: features.FeatureMatrix | undefined = pipeline.fitted ? pipeline.transform([]) : undefined;
const json: features.FeaturePipelineJSON | undefined = pipeline.fitted ? pipeline.toJSON() : undefined;
void matrix; void json;`,
  },
  '@spotrec/cosine': {
    alias: 'cosine',
    js: `
      const data = Float32Array.from([1, 0, 0.8, 0.6, 0, 1]);
      const index = m.CosineIndex.build({ data, rows: 3, cols: 2 }, ['a', 'b', 'c']);
      const hits = index.query([1, 0], 2);
      assert(hits[0].id === 'a' && hits[1].id === 'b' && Math.abs(hits[1].score - 0.8) < 1e-6, 'query');
      const restored = m.CosineIndex.fromBuffer(index.toBuffer());
      assert(restored.similarTo('c', 1)[0].id === 'b', 'binary round trip');
      const batch = await index.queryBatch({ data, rows: 3, cols: 2 }, 1, { workers: 2, excludeIds: ['a', 'b', 'c'] });
      assert(batch.length === 3 && batch[0][0].id === 'b', 'worker batch');
      let caught; try { index.similarTo('zzz', 1); } catch (error) { caught = error; }
      assert(m.UnknownIdError.isInstance(caught), 'typed error');`,
    ts: `
const index: cosine.CosineIndex = cosine.CosineIndex.build({ data: new Float32Array(4), rows: 2, cols: 2 }, ['x', 'y']);
const hits: cosine.SearchHit[] = index.query([1, 0], 1);
void hits;`,
  },
  '@spotrec/recommender': {
    alias: 'recommender',
    js: `
      const { syntheticCatalog } = await import('@spotrec/data');
      const tracks = syntheticCatalog({ tracks: 300, seed: 1 });
      const bundle = await m.createRecommender({ tracks, model: 'features', seed: 1 });
      const response = bundle.recommend({ seedTracks: [tracks[0].id], min: { tempo: 90 }, maxPerArtist: 1, k: 5 });
      assert(response.tracks.length === 5 && response.tracks.every((hit) => hit.track.tempo >= 90), 'recommend');
      const fs = await import('node:fs'); const path = await import('node:path'); const os = await import('node:os');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smoke-bundle-'));
      await bundle.save(dir);
      const loaded = await m.RecommenderBundle.load(dir);
      assert(JSON.stringify(loaded.recommend({ seedTracks: [tracks[0].id], k: 5 })) === JSON.stringify(bundle.recommend({ seedTracks: [tracks[0].id], k: 5 })), 'bundle round trip');
      let caught; try { bundle.recommend({ seedTracks: ['nope'] }); } catch (error) { caught = error; }
      assert(m.NotInCatalogError.isInstance(caught), 'typed error');`,
    ts: `
const request: recommender.RecommendRequest = { seedTracks: ['x'], min: { tempo: 100 }, target: { energy: 0.8 }, k: 5 };
const pending: Promise<recommender.RecommenderBundle> = recommender.RecommenderBundle.load('dir');
const kind: recommender.ModelKind = 'hybrid';
void request; void pending; void kind;`,
  },
  '@spotrec/pgvector': {
    alias: 'pgvector',
    js: `
      // A stand-in client (the consumer installs no database): the store talks SQL through query().
      const calls = [];
      const fake = { query: async (text) => { calls.push(text); return { rows: /to_regclass/.test(text) ? [{ present: false }] : [] }; } };
      const store = await m.PgVectorStore.open(fake);
      let notSynced; try { await store.recommend({ seedTracks: ['x'] }); } catch (error) { notSynced = error; }
      assert(m.NotSyncedError.isInstance(notSynced) && calls.includes('BEGIN') && calls.includes('ROLLBACK'), 'recommend before sync');
      const down = { query: async () => { throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }); } };
      let caught; try { await m.PgVectorStore.open(down); } catch (error) { caught = error; }
      assert(m.ConnectionError.isInstance(caught) && caught.cause !== undefined, 'typed error');`,
    ts: `
const options: pgvector.PgVectorStoreOptions = { table: 'tracks', hnsw: { m: 16, efConstruction: 64 }, search: { efSearch: 100 } };
const client: pgvector.SqlClient = { query: async () => ({ rows: [] }) };
const pending: Promise<pgvector.PgVectorStore> = pgvector.PgVectorStore.open(client, options);
void pending;`,
  },
  '@spotrec/metrics': {
    alias: 'metrics',
    js: `
      assert(m.precisionAtK(['a', 'b', 'c'], new Set(['a', 'c']), 2) === 0.5, 'precision');
      assert(Math.abs(m.ndcgAtK(['a', 'b'], new Set(['b']), 2) - 1 / Math.log2(3)) < 1e-12, 'ndcg');
      const result = await m.evaluate({ queries: ['q'], recommend: () => ['a', 'b'], relevant: () => new Set(['b']), k: 2 });
      assert(result.metrics.mrr.mean === 0.5, 'harness');
      let caught; try { m.precisionAtK([], new Set(), 0); } catch (error) { caught = error; }
      assert(m.InvalidArgumentError.isInstance(caught), 'typed error');`,
    ts: `
const value: number = metrics.averagePrecisionAtKCapped(['a'], new Set(['a']), 10);
const options: metrics.EvaluateOptions<string> = { queries: ['q'], recommend: () => ['a'], relevant: () => new Set(['a']) };
void value; void options;`,
  },
  '@spotrec/collaborative': {
    alias: 'collaborative',
    js: `
      const matrix = m.InteractionMatrix.fromPairs([['u1', 'a'], ['u1', 'b'], ['u2', 'a'], ['u2', 'c'], ['u3', 'b'], ['u3', 'c']]);
      const knn = m.ItemKNN.fit(matrix);
      assert(knn.recommend(['a'], 2).length === 2, 'item-kNN');
      const als = m.ImplicitALS.fit(matrix, { factors: 2, iterations: 3, seed: 1 });
      const restored = m.ImplicitALS.fromJSON(JSON.stringify(als));
      assert(restored.recommend(['a'], 1)[0].id === als.recommend(['a'], 1)[0].id, 'ALS round trip');
      let caught; try { knn.similarItems('zzz', 1); } catch (error) { caught = error; }
      assert(m.UnknownIdError.isInstance(caught), 'typed error');`,
    ts: `
const matrix: collaborative.InteractionMatrix = collaborative.InteractionMatrix.fromPairs([['u', 'a']]);
const picks: collaborative.ScoredItem[] = collaborative.ItemKNN.fit(matrix).recommend(['a'], 1);
const options: collaborative.ImplicitALSOptions = { factors: 8, onIteration: ({ loss }) => void loss };
void picks; void options;`,
  },
  '@spotrec/autoencoder': {
    alias: 'autoencoder',
    js: `
      const data = Float32Array.from({ length: 40 * 3 }, (_, at) => (at % 7) / 7);
      const model = await m.Autoencoder.fit({ data, rows: 40, cols: 3 }, { hiddenLayers: [4], bottleneck: 2, epochs: 2, seed: 1 });
      assert(model.encode({ data, rows: 40, cols: 3 }).cols === 2 && model.history.length === 2, 'fit and encode');
      model.dispose();
      let caught; try { await m.Autoencoder.fit({ data, rows: 40, cols: 3 }, { bottleneck: 0 }); } catch (error) { caught = error; }
      assert(m.InvalidArgumentError.isInstance(caught), 'typed error');`,
    ts: `
const options: autoencoder.FitOptions = { bottleneck: 8, onEpochEnd: ({ loss }) => void loss };
const pending: Promise<autoencoder.Autoencoder> = autoencoder.Autoencoder.load('model-folder');
void options; void pending.catch(() => undefined);`,
  },
};
