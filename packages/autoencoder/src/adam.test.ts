import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { Adam } from './adam';
import { initBackend } from './index';

/** Seeded values spread over several orders of magnitude, with zeros and both signs. */
function values(count: number, seed: number): Float32Array {
  let state = seed;
  const out = new Float32Array(count);
  for (let at = 0; at < count; at += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const unit = state / 4294967296;
    out[at] = at % 17 === 0 ? 0 : (unit - 0.5) * 10 ** ((at % 7) - 4);
  }
  return out;
}

const shapes = [[5, 3], [3], [3, 1], [1]] as const;

/**
 * Runs `steps` Adam steps on fresh variables with seeded gradients (a different set each step,
 * some of them exactly zero), with `tf.train.adam` or with {@link Adam}; returns the final
 * values and the number of tensors left over.
 */
function run(kind: 'tfjs' | 'ours', learningRate: number, steps: number) {
  const start = tf.memory().numTensors;
  const variables = shapes.map((shape, at) => {
    const size = shape.reduce((x: number, y) => x * y, 1);
    const initial = tf.tensor(values(size, 100 + at), [...shape]);
    const variable = tf.variable(initial);
    initial.dispose();
    return variable;
  });
  const theirs = tf.train.adam(learningRate);
  const ours = new Adam(variables, learningRate);
  for (let step = 0; step < steps; step += 1) {
    const gradients = variables.map((variable, at) =>
      tf.tensor(values(variable.size, step * 31 + at), variable.shape),
    );
    if (kind === 'tfjs')
      theirs.applyGradients(
        variables.map((variable, at) => ({ name: variable.name, tensor: gradients[at]! })),
      );
    else ours.apply(gradients);
    tf.dispose(gradients);
  }
  const result = variables.map((variable) => Array.from(variable.dataSync()));
  theirs.dispose();
  tf.dispose(variables);
  return { result, left: tf.memory().numTensors - start };
}

beforeAll(async () => {
  await initBackend();
});

describe('Adam', () => {
  for (const backend of ['wasm', 'cpu'])
    it(`gives the weights of tf.train.adam bit for bit (${backend})`, async () => {
      await tf.setBackend(backend);
      try {
        for (const learningRate of [0.005, 0.01, 0.3]) {
          const expected = run('tfjs', learningRate, 40);
          const actual = run('ours', learningRate, 40);
          expect(actual.left).toBe(0);
          expect(expected.left).toBe(0);
          // Same float32 bits: toEqual on the numbers read back (and Object.is for ±0).
          actual.result.forEach((weights, at) =>
            weights.forEach((value, i) =>
              expect(Object.is(value, expected.result[at]![i])).toBe(true),
            ),
          );
          // The steps moved the weights.
          expect(actual.result[0]).not.toEqual(Array.from(values(15, 100)));
        }
      } finally {
        await tf.setBackend('wasm');
      }
    });

  it('minimize returns the loss and moves the weights downhill, leaving no tensor', async () => {
    const start = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor1d([3, -2])));
    const adam = new Adam([w], 0.1);
    const losses: number[] = [];
    for (let step = 0; step < 30; step += 1) {
      const cost = adam.minimize(() => tf.sum(tf.square(w)));
      losses.push(cost.dataSync()[0]!);
      cost.dispose();
    }
    expect(losses[0]).toBeCloseTo(13, 5);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 4);
    w.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
