// A dense layer's forward pass for training, with a gradient that runs on the WASM backend's
// fast matrix product.
//
// tfjs-backend-wasm 4.22 sends a matrix product to XNNPACK only when neither operand is
// transposed; with `transposeA` or `transposeB` it runs a scalar triple loop
// (`slow_batch_matmul` in its batch_mat_mul_impl.cc). The gradient of `tf.fused.matMul`, which
// the layers use, is `dy · kernelᵀ` and `xᵀ · dy`: both take that loop, which was half of the
// autoencoder's training time. Here the transposes are explicit (`tf.transpose`, a cheap
// copy), so both products run in XNNPACK. The forward pass is the one `Dense.call` of
// tfjs-layers 4.22 runs at inference (for relu and linear one fused kernel, where tfjs runs
// three while recording gradients); the gradients are the same products summed in XNNPACK's
// order instead of the loop's. Either can differ from tfjs's in the last bits.

import * as tf from './tf';

type Save = (tensors: tf.Tensor[]) => void;

/** `xᵀ · dz` and, when asked, `dz · kernelᵀ`, both as non-transposed products. */
function productGradients(
  dz: tf.Tensor2D,
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  inputGradient: boolean,
): tf.Tensor[] {
  const kernelGradient = tf.matMul(tf.transpose(x), dz);
  return inputGradient ? [tf.matMul(dz, tf.transpose(kernel)), kernelGradient] : [kernelGradient];
}

/** The kernel and bias variables and the activation of a Dense layer. */
function parts(layer: tf.layers.Layer) {
  const weight = (suffix: string) => {
    // `originalName` is `kernel` or `<layer>/kernel` (`name` may have a suffix such as `_1`).
    const found = layer.trainableWeights
      .find((w) => w.originalName === suffix || w.originalName.endsWith(`/${suffix}`))
      ?.read();
    if (!(found instanceof tf.Variable))
      throw new Error(`layer ${layer.name} has no trainable ${suffix} variable`);
    return found;
  };
  const activation = layer.getConfig().activation;
  return {
    kernel: weight('kernel') as tf.Tensor2D,
    bias: weight('bias') as tf.Tensor1D,
    activation: typeof activation === 'string' ? activation : '',
  };
}

/**
 * The output of the Dense `layer` on `x` in training mode, recorded for gradients. With
 * `inputGradient` false the gradient with respect to `x` is not computed (the first layer,
 * whose input is the data), and `x` must stay undisposed until the gradients are computed. Activations other than relu, linear, sigmoid and tanh go through
 * `layer.apply`.
 */
export function denseForTraining(
  layer: tf.layers.Layer,
  x: tf.Tensor2D,
  inputGradient: boolean,
): tf.Tensor2D {
  const { kernel, bias, activation } = parts(layer);
  if (activation === 'relu' || activation === 'linear') {
    // Dense.call: one fused product with the bias and activation.
    const forward = (input: tf.Tensor2D, save: Save) => {
      // The fused kernel itself: while gradients are recorded, tf.fused.matMul runs a product,
      // an add and the activation as three kernels (tfjs-core's shouldFuse); the kernel gives
      // what Dense.apply gives at inference.
      // As tf.fused.matMul calls it: 3-D operands (batch 1), a 1-D bias.
      const [rows, inner] = input.shape;
      const units = kernel.shape[1];
      const y = tf.reshape(
        tf.engine().runKernel(
          tf._FusedMatMul,
          {
            a: tf.reshape(input, [1, rows, inner]),
            b: tf.reshape(kernel, [1, inner, units]),
            bias,
          },
          { transposeA: false, transposeB: false, activation },
        ) as tf.Tensor,
        [rows, units],
      );
      // The backward pass runs after the forward pass's intermediate tensors are released:
      // keep copies of the ones it reads. (The kernel is a variable, and without
      // `inputGradient` the input is the caller's data: both outlive the backward pass.)
      save(inputGradient ? [y, input] : [y]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [output, a] = saved as [tf.Tensor2D, tf.Tensor2D | undefined];
          // The gradient of tf.fused.matMul (getFusedDyActivation, getFusedBiasGradient).
          const dz: tf.Tensor2D =
            activation === 'relu' ? tf.mul(dy, tf.step(output)) : (dy as tf.Tensor2D);
          return [...productGradients(dz, a ?? input, kernel, inputGradient), tf.sum(dz, 0)];
        },
      };
    };
    const op = inputGradient
      ? tf.customGrad<tf.Tensor>((input, _k, _b, save) =>
          forward(input as tf.Tensor2D, save as unknown as Save),
        )
      : tf.customGrad<tf.Tensor>((_k, _b, save) => forward(x, save as unknown as Save));
    return (inputGradient ? op(x, kernel, bias) : op(kernel, bias)) as tf.Tensor2D;
  }
  if (activation === 'sigmoid' || activation === 'tanh') {
    // Dense.call: the product, then the bias (K.biasAdd), then the activation.
    const forward = (input: tf.Tensor2D, save: Save) => {
      save(inputGradient ? [input] : []);
      return {
        value: tf.matMul(input, kernel) as tf.Tensor,
        gradFunc: (dz: tf.Tensor, saved: tf.Tensor[]) => {
          const [a] = saved as [tf.Tensor2D | undefined];
          return productGradients(dz as tf.Tensor2D, a ?? input, kernel, inputGradient);
        },
      };
    };
    const product = (
      inputGradient
        ? tf.customGrad<tf.Tensor>((input, _k, save) =>
            forward(input as tf.Tensor2D, save as unknown as Save),
          )(x, kernel)
        : tf.customGrad<tf.Tensor>((_k, save) => forward(x, save as unknown as Save))(kernel)
    ) as tf.Tensor2D;
    const z: tf.Tensor2D = tf.add(product, bias);
    return (activation === 'sigmoid' ? tf.sigmoid(z) : tf.tanh(z)) as tf.Tensor2D;
  }
  return layer.apply(x, { training: true }) as tf.Tensor2D;
}
