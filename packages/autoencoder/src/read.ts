// Reading a result matrix out of TensorFlow.js.

import * as tf from './tf';

/**
 * Runs `compute` inside `tf.tidy` and copies its 2-D result into a new `Float32Array`,
 * releasing every tensor it made.
 *
 * The result leaves the tidy as a tensor and is read outside it. Returning the `Float32Array`
 * from the tidy callback instead would make TensorFlow.js look for tensors inside it
 * (`getTensorsInContainer` walks every key of any object it is given, a typed array's 1.4
 * million indices for 44,475 × 32, adding each value to a `Set`): that walk took ~0.8–1.8 s
 * of `encode`'s time on the real subset, against ~45 ms for the layers themselves.
 */
export function readMatrix(compute: () => tf.Tensor): { data: Float32Array; cols: number } {
  const output = tf.tidy(compute);
  try {
    // A copy: the cpu backend's `dataSync` returns the tensor's own buffer.
    const data = Float32Array.from(output.dataSync() as Float32Array);
    return { data, cols: output.shape[1] ?? 0 };
  } finally {
    output.dispose();
  }
}
