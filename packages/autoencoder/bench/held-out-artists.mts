// Protocol A′ (held-out artists) on the real subset: cosine over min-max features, z-scored
// features, the plain autoencoder and the genre encoders, each fitted on the other artists'
// tracks only. Seeded; prints a table. Usage (from the repository root):
//   node --conditions=@spotrec/source --import tsx packages/autoencoder/bench/held-out-artists.mts [queries] [configs-json]
import { CosineIndex, type DenseMatrix } from '@spotrec/cosine';
import { duplicatesOf, loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { protocolHeldOutArtists, type Id, type ProtocolSystem } from '@spotrec/metrics';
import { REAL_DATA } from '@spotrec/test-utils';
import { Autoencoder, GenreEncoder, type GenreEncoderOptions } from '../src/index';

const queries = Number(process.argv[2] ?? 3000);
const configs: Record<string, GenreEncoderOptions> = process.argv[3]
  ? JSON.parse(process.argv[3])
  : {
      'supervised autoencoder': { decoder: true },
      'genre classifier': { decoder: false },
    };
const withAutoencoder = process.env.NO_AE === undefined;
const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
const ids = tracks.map((track) => track.id);
const duplicates = duplicatesOf(tracks);
const timings: string[] = [];
const result = await protocolHeldOutArtists({
  items: tracks,
  seed: 0,
  queries: { size: queries, seed: 0 },
  exclude: (id) => duplicates(String(id)),
  systems: async ({ train }) => {
    const cosine = (name: string, matrix: DenseMatrix): ProtocolSystem<Id> => {
      const index = CosineIndex.build(matrix, ids);
      return { name, recommend: (id) => index.similarTo(String(id), 30).map((hit) => hit.id) };
    };
    const minMax = new FeaturePipeline(spotifyFeatureSpec()).fit(train);
    const zScore = new FeaturePipeline(spotifyFeatureSpec({ scaler: 'zscore' })).fit(train);
    const all = minMax.transform(tracks);
    const systems = [
      cosine('min-max features', all),
      cosine('z-scored features', zScore.transform(tracks)),
    ];
    if (withAutoencoder) {
      const ae = await Autoencoder.fit(minMax.transform(train), { epochs: 30, seed: 0 });
      systems.push(cosine('8-d autoencoder', ae.encode(all)));
      ae.dispose();
    }
    for (const [name, options] of Object.entries(configs)) {
      const started = performance.now();
      const encoder = await GenreEncoder.fit(
        minMax.transform(train),
        train.map((track) => track.genres),
        { seed: 0, ...options },
      );
      const trained = performance.now();
      const embeddings = encoder.encode(all);
      const encoded = performance.now();
      timings.push(
        `${name}: ${encoder.history.length} epochs, train ${((trained - started) / 1000).toFixed(1)} s, encode ${tracks.length} tracks ${(encoded - trained).toFixed(0)} ms`,
      );
      systems.push(cosine(name, embeddings));
      encoder.dispose();
    }
    return systems;
  },
});
const fmt = (summary: { mean: number; ci95: readonly [number, number] }) =>
  `${summary.mean.toFixed(4)} [${summary.ci95[0].toFixed(4)}, ${summary.ci95[1].toFixed(4)}]`;
console.log(`A′: ${result.queries.length} queries, seed 0; reference ${result.reference}`);
console.log('| system | P@10 [95% CI] | MRR@10 [95% CI] | NDCG@10 | p (P@10) | p (MRR@10) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const system of result.systems) {
  const p = (metric: string) =>
    result.comparisons.find((c) => c.system === system.name && c.metric === metric)?.pValue;
  const pp = (metric: string) =>
    p(metric) === undefined ? 'reference' : p(metric)!.toExponential(1);
  console.log(
    `| ${system.name} | ${fmt(system.metrics.precision!)} | ${fmt(system.metrics.mrr!)} | ${system.metrics.ndcg!.mean.toFixed(4)} | ${pp('precision')} | ${pp('mrr')} |`,
  );
}
for (const line of timings) console.log(line);
