/**
 * @internal `RecommenderBundle.save` / `load` in browsers and edge runtimes: there is no file
 * system, so both fail with an {@link InvalidArgumentError} naming the folder. (A bundle's
 * parts can still be built and used in memory: `createRecommender`.)
 */
import type { BundleFiles } from './bundle-files';
import { InvalidArgumentError } from './errors';

export function bundleFiles(dir: string): Promise<BundleFiles> {
  return Promise.reject(
    new InvalidArgumentError(
      'dir',
      "a folder of Node's file system (bundles are saved and loaded in Node only; this runtime has none)",
      dir,
    ),
  );
}
