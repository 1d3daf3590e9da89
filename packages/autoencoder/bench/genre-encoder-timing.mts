// Training time of the genre encoders on the real subset (all 44,475 tracks) and the time to
// encode them, on the WASM backend. Seeded; prints one line per encoder. Usage (from the root):
//   node --conditions=@spotrec/source --import tsx packages/autoencoder/bench/genre-encoder-timing.mts
import { loadTracks } from '@spotrec/data';
import { FeaturePipeline, spotifyFeatureSpec } from '@spotrec/features';
import { REAL_DATA } from '@spotrec/test-utils';
import { GenreEncoder, initBackend } from '../src/index';
import { loadavg } from 'node:os';

const { tracks } = await loadTracks(REAL_DATA.spotifySubset);
const matrix = new FeaturePipeline(spotifyFeatureSpec()).fitTransform(tracks);
const labels = tracks.map((track) => track.genres);
console.log(
  `backend ${await initBackend()}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (const decoder of [false, true]) {
  const started = performance.now();
  const encoder = await GenreEncoder.fit(matrix, labels, { decoder, seed: 0 });
  const trained = performance.now();
  encoder.encode(matrix); // warm-up
  const times: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const at = performance.now();
    encoder.encode(matrix);
    times.push(performance.now() - at);
  }
  times.sort((a, b) => a - b);
  const epochs = encoder.history.length;
  console.log(
    `${decoder ? 'supervised autoencoder' : 'genre classifier'}: ${epochs} epochs, train ${((trained - started) / 1000).toFixed(1)} s (${((trained - started) / 1000 / epochs).toFixed(2)} s/epoch), encode ${tracks.length} tracks median ${times[2]!.toFixed(0)} ms`,
  );
  encoder.dispose();
}
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
