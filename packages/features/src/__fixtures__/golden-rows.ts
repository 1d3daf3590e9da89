/** Made-up rows for the golden serialisation fixture (pipeline-v1.json). */
export const GOLDEN_ROWS = [
  { energy: 0.91, loudness: -4.2, speechiness: 0.031, key: 5, mode: 1, genres: ['rock'] },
  { energy: 0.33, loudness: -14.8, speechiness: 0.12, key: 0, mode: 0, genres: ['jazz', 'soul'] },
  { energy: 0.64, loudness: -7.5, speechiness: null, key: 11, mode: 1, genres: ['pop'] },
  { energy: 0.12, loudness: -21.3, speechiness: 0.045, key: 5, mode: 0, genres: [] },
  { energy: 0.77, loudness: -5.9, speechiness: 0.29, key: 2, mode: 1, genres: ['rock', 'pop'] },
];

export const GOLDEN_SPEC = {
  columns: [
    { kind: 'numeric', name: 'energy' },
    { kind: 'numeric', name: 'loudness', scaler: 'zscore', weight: 0.5 },
    { kind: 'numeric', name: 'speechiness', scaler: 'robust', log: true, missing: 'median' },
    { kind: 'categorical', name: 'key' },
    { kind: 'categorical', name: 'mode', weight: 0.25 },
    { kind: 'multi-hot', name: 'genres', normalize: true },
  ],
  pca: { components: 4, whiten: true },
} as const;
