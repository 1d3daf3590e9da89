import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { denseForTraining } from './dense';
import { initBackend } from './index';

function values(count: number, seed: number): Float32Array {
  let state = seed;
  const out = new Float32Array(count);
  for (let at = 0; at < count; at += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[at] = state / 4294967296 - 0.5;
  }
  return out;
}

/** A built Dense layer (kernel and bias set to seeded values) and a seeded input. */
function setup(
  activation: 'relu' | 'linear' | 'sigmoid' | 'tanh',
  rows = 70,
  inputs = 9,
  units = 5,
) {
  const layer = tf.layers.dense({ units, activation, inputShape: [inputs] });
  layer.build([null, inputs]);
  layer.setWeights([
    tf.tensor2d(values(inputs * units, 1), [inputs, units]),
    tf.tensor1d(values(units, 2)),
  ]);
  const x = tf.tensor2d(values(rows * inputs, 3), [rows, inputs]);
  const upstream = tf.tensor2d(values(rows * units, 4), [rows, units]);
  return { layer, x, upstream };
}

/** The output and the gradients of sum(output · upstream) for the kernel, bias and input. */
function gradients(
  layer: tf.layers.Layer,
  x: tf.Tensor2D,
  upstream: tf.Tensor2D,
  ours: boolean,
  inputGradient: boolean,
) {
  const [kernel, bias] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const f = (input: tf.Tensor2D) =>
    ours ? denseForTraining(layer, input, inputGradient) : (layer.apply(input) as tf.Tensor2D);
  const output = tf.tidy(() => f(x));
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(x), upstream)), [kernel!, bias!]);
  const inputGrad = inputGradient
    ? tf.grad((input: tf.Tensor) => tf.sum(tf.mul(f(input as tf.Tensor2D), upstream)))(x)
    : undefined;
  const read = (t: tf.Tensor | undefined) => (t === undefined ? [] : Array.from(t.dataSync()));
  const result = {
    output: read(output),
    kernel: read(grads[kernel!.name]),
    bias: read(grads[bias!.name]),
    input: read(inputGrad),
  };
  tf.dispose([value, output, ...Object.values(grads), ...(inputGrad ? [inputGrad] : [])]);
  return result;
}

function closeTo(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(
    0,
    ...actual.map((a, at) => Math.abs(a - expected[at]!) / (1e-3 + Math.abs(expected[at]!))),
  );
  expect(worst).toBeLessThan(1e-5);
}

beforeAll(async () => {
  await initBackend();
});

describe('denseForTraining', () => {
  for (const backend of ['wasm', 'cpu'])
    for (const activation of ['relu', 'linear', 'sigmoid', 'tanh'] as const)
      it(`gives Dense.apply's output bit for bit and tfjs's gradients (${activation}, ${backend})`, async () => {
        await tf.setBackend(backend);
        try {
          const { layer, x, upstream } = setup(activation);
          const start = tf.memory().numTensors;
          for (const inputGradient of [true, false]) {
            const expected = gradients(layer, x, upstream, false, inputGradient);
            const actual = gradients(layer, x, upstream, true, inputGradient);
            expect(actual.output).toEqual(expected.output);
            closeTo(actual.kernel, expected.kernel);
            closeTo(actual.bias, expected.bias);
            closeTo(actual.input, expected.input);
            // Not all zero: the relu lets some units through.
            expect(actual.kernel.some((g) => g !== 0)).toBe(true);
          }
          expect(tf.memory().numTensors).toBe(start);
          tf.dispose([x, upstream]);
          layer.weights.forEach((weight) => weight.dispose());
        } finally {
          await tf.setBackend('wasm');
        }
      });
});
