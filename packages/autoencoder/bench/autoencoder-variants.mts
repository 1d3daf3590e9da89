// Protocol A′ for variants of the plain (unsupervised) autoencoder: min-max vs z-scored inputs,
// width, dropout. Seeded; prints a table. Usage (from the repository root):
//   node --conditions=@spotrec/source --import tsx packages/autoencoder/bench/autoencoder-variants.mts [queries]
import { CosineIndex, type DenseMatrix } from '@spotrec/cosine';
import { duplicatesOf, loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { protocolHeldOutArtists, type Id, type ProtocolSystem } from '@spotrec/metrics';
import { REAL_DATA } from '@spotrec/test-utils';
import { Autoencoder, type AutoencoderOptions } from '../src/index';

const queries = Number(process.argv[2] ?? 3000);
const variants: [string, 'minmax' | 'zscore', AutoencoderOptions][] = [
  ['8-d, min-max inputs (default)', 'minmax', {}],
  ['8-d, z-scored inputs, linear output', 'zscore', { outputActivation: 'linear' }],
  [
    '16-d [64, 32], z-scored, linear output',
    'zscore',
    { hiddenLayers: [64, 32], bottleneck: 16, outputActivation: 'linear' },
  ],
  [
    '16-d [64, 32], z-scored, dropout 0.2',
    'zscore',
    { hiddenLayers: [64, 32], bottleneck: 16, outputActivation: 'linear', dropout: 0.2 },
  ],
];
const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
const ids = tracks.map((track) => track.id);
const duplicates = duplicatesOf(tracks);
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
    const pipelines = {
      minmax: new FeaturePipeline(spotifyFeatureSpec()).fit(train),
      zscore: new FeaturePipeline(spotifyFeatureSpec({ scaler: 'zscore' })).fit(train),
    };
    const systems = [cosine('min-max features', pipelines.minmax.transform(tracks))];
    for (const [name, scaler, options] of variants) {
      const ae = await Autoencoder.fit(pipelines[scaler].transform(train), {
        epochs: 30,
        seed: 0,
        ...options,
      });
      systems.push(cosine(name, ae.encode(pipelines[scaler].transform(tracks))));
      ae.dispose();
    }
    return systems;
  },
});
console.log(`A′: ${result.queries.length} queries, seed 0; reference ${result.reference}`);
console.log('| autoencoder | P@10 [95% CI] | MRR@10 | p (P@10) vs min-max |');
console.log('| --- | --- | --- | --- |');
for (const system of result.systems) {
  const p = result.comparisons.find(
    (c) => c.system === system.name && c.metric === 'precision',
  )?.pValue;
  const s = system.metrics.precision!;
  console.log(
    `| ${system.name} | ${s.mean.toFixed(4)} [${s.ci95[0].toFixed(4)}, ${s.ci95[1].toFixed(4)}] | ${system.metrics.mrr!.mean.toFixed(4)} | ${p === undefined ? 'reference' : p.toExponential(1)} |`,
  );
}
