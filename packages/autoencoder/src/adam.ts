// Adam for the training loops, in JavaScript over float32 copies of the weights.
//
// `tf.train.adam` runs about 14 TensorFlow.js ops per variable and step (plus a scalar tensor
// for each constant): for the default autoencoder's 12 small weight tensors that is ~190
// kernel calls per step, each with its fixed dispatch cost, for ~2,200 numbers — a quarter of
// the epoch time on the WASM backend. This does the same arithmetic in a loop and writes each
// variable once per step. Every operation is rounded to float32 (`Math.fround`) in the order
// `tf.train.adam` (TensorFlow.js 4.22) applies them, so the weights are bit for bit the ones
// it gives (tested against it): one float32 operation done in double precision and then
// rounded is correctly rounded, because a double has more than 2 × 24 + 2 significant bits.

import * as tf from './tf';

const f = Math.fround;
const BETA1 = 0.9;
const BETA2 = 0.999;
/** `ENGINE.backend.epsilon()` of a float32 backend: tf.train.adam's default epsilon. */
const EPSILON = 1e-7;

/** Adam (β₁ 0.9, β₂ 0.999, ε 1e-7) over `variables`, the arithmetic of `tf.train.adam`. */
export class Adam {
  private readonly variables: readonly tf.Variable[];
  private readonly values: Float32Array[];
  private readonly first: Float32Array[];
  private readonly second: Float32Array[];
  private readonly negativeRate: number;
  private accBeta1 = f(BETA1);
  private accBeta2 = f(BETA2);

  /** Starts from the variables' current values; nothing else may write them while training. */
  constructor(variables: readonly tf.Variable[], learningRate: number) {
    this.variables = variables;
    this.values = variables.map((variable) => Float32Array.from(variable.dataSync()));
    this.first = this.values.map((values) => new Float32Array(values.length));
    this.second = this.values.map((values) => new Float32Array(values.length));
    this.negativeRate = f(-learningRate);
  }

  /**
   * One training step: the gradient of `loss` with respect to the variables (`tf.variableGrads`),
   * then {@link Adam.apply}. Returns the loss (the caller disposes it).
   */
  minimize(loss: () => tf.Scalar): tf.Scalar {
    const { value, grads } = tf.variableGrads(loss, [...this.variables]);
    try {
      this.apply(this.variables.map((variable) => grads[variable.name] as tf.Tensor));
    } catch (error) {
      value.dispose();
      throw error;
    } finally {
      tf.dispose(grads);
    }
    return value;
  }

  /**
   * Takes one step with `gradients` (one per variable, in the constructor's order) and writes
   * the new values into the variables. The gradients are read, not disposed.
   */
  apply(gradients: readonly tf.Tensor[]): void {
    const beta1 = f(BETA1);
    const beta2 = f(BETA2);
    const oneMinusBeta1 = f(1 - BETA1);
    const oneMinusBeta2 = f(1 - BETA2);
    const epsilon = f(EPSILON);
    const rate = this.negativeRate;
    const correction1 = f(1 - this.accBeta1);
    const correction2 = f(1 - this.accBeta2);
    this.variables.forEach((variable, at) => {
      const gradient = gradients[at]?.dataSync();
      const value = this.values[at] as Float32Array;
      const m = this.first[at] as Float32Array;
      const v = this.second[at] as Float32Array;
      if (gradient === undefined || gradient.length !== value.length)
        throw new RangeError(`Adam: gradient ${at} does not fit its variable ${variable.name}`);
      for (let i = 0; i < value.length; i += 1) {
        const g = gradient[i] as number;
        const mi = f(f((m[i] as number) * beta1) + f(g * oneMinusBeta1));
        const vi = f(f((v[i] as number) * beta2) + f(f(g * g) * oneMinusBeta2));
        m[i] = mi;
        v[i] = vi;
        const step = f(f(mi / correction1) / f(f(Math.sqrt(f(vi / correction2))) + epsilon));
        value[i] = f(f(step * rate) + (value[i] as number));
      }
      // A copy: the cpu backend keeps the array it is given as the tensor's storage.
      const next = tf.tensor(value.slice(), variable.shape, 'float32');
      variable.assign(next);
      next.dispose();
    });
    this.accBeta1 = f(this.accBeta1 * beta1);
    this.accBeta2 = f(this.accBeta2 * beta2);
  }
}
