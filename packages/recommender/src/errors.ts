/**
 * Error classes of `@spotrec/recommender`. Every error carries the shared
 * `Symbol.for('spotrec.error')` marker and one of its own, so `SomeError.isInstance(e)` works
 * across duplicated copies of the package.
 */

import { describeValue, isMarked, markError } from '@spotrec/errors-internal';

const SCOPE = 'recommender';

/**
 * The base class of every error thrown by `@spotrec/recommender`.
 *
 * @example
 * ```ts
 * import { RecommenderError } from '@spotrec/recommender';
 *
 * const error: unknown = new RecommenderError('something went wrong');
 * console.log(RecommenderError.isInstance(error)); // true
 * ```
 */
export class RecommenderError extends Error {
  /**
   * @param message - What went wrong.
   * @param options - `cause`: the error this one wraps.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecommenderError';
    markError(this, SCOPE, 'RecommenderError');
  }

  /** True for any error thrown by `@spotrec/recommender`, whichever copy of the package threw it. */
  static isInstance(error: unknown): error is RecommenderError {
    return isMarked(error, SCOPE, 'RecommenderError');
  }
}

/**
 * An argument or a request field breaks its documented rule.
 *
 * @example
 * ```ts
 * import { InvalidArgumentError } from '@spotrec/recommender';
 *
 * const error = new InvalidArgumentError('k', 'a positive integer', 0);
 * console.log(error.message); // Invalid argument "k": expected a positive integer, got 0
 * ```
 */
export class InvalidArgumentError extends RecommenderError {
  /** The parameter or request path that was wrong, such as `min.tempo`. */
  readonly parameter: string;
  /** The value that was passed. */
  readonly value: unknown;

  /**
   * @param parameter - The parameter or request path.
   * @param expected - The rule, as a phrase (`'a positive integer'`).
   * @param value - What was passed.
   * @param options - `cause`: the error this one wraps.
   */
  constructor(parameter: string, expected: string, value: unknown, options?: { cause?: unknown }) {
    super(
      `Invalid argument "${parameter}": expected ${expected}, got ${describeValue(value)}`,
      options,
    );
    this.name = 'InvalidArgumentError';
    markError(this, SCOPE, 'InvalidArgumentError');
    this.parameter = parameter;
    this.value = value;
  }

  /** True for an {@link InvalidArgumentError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return isMarked(error, SCOPE, 'InvalidArgumentError');
  }
}

/**
 * A track, artist or genre (a seed, or a name in a filter) that the catalog does not hold.
 *
 * @example
 * ```ts
 * import { NotInCatalogError } from '@spotrec/recommender';
 *
 * const error = new NotInCatalogError('seedGenres[0]', 'genre', 'polka-metal', ['polka']);
 * console.log(error.message);
 * // Unknown genre "polka-metal" in seedGenres[0]. Did you mean: polka?
 * ```
 */
export class NotInCatalogError extends RecommenderError {
  /** The request path, such as `seedTracks[1]`. */
  readonly parameter: string;
  /** What kind of seed. */
  readonly kind: 'track' | 'artist' | 'genre';
  /** The value that matched nothing. */
  readonly value: string;
  /** The closest names the catalog does hold (may be empty). */
  readonly suggestions: readonly string[];

  /**
   * @param parameter - The request path.
   * @param kind - Track, artist or genre.
   * @param value - The unknown value.
   * @param suggestions - Close names the catalog holds.
   */
  constructor(
    parameter: string,
    kind: 'track' | 'artist' | 'genre',
    value: string,
    suggestions: readonly string[] = [],
  ) {
    const hint = suggestions.length > 0 ? ` Did you mean: ${suggestions.join(', ')}?` : '';
    super(`Unknown ${kind} ${describeValue(value)} in ${parameter}.${hint}`);
    this.name = 'NotInCatalogError';
    markError(this, SCOPE, 'NotInCatalogError');
    this.parameter = parameter;
    this.kind = kind;
    this.value = value;
    this.suggestions = suggestions;
  }

  /** True for an {@link NotInCatalogError} from any copy of the package. */
  static override isInstance(error: unknown): error is NotInCatalogError {
    return isMarked(error, SCOPE, 'NotInCatalogError');
  }
}

/**
 * A bundle file is missing, truncated, corrupted, foreign or of a newer format.
 *
 * @example
 * ```ts
 * import { InvalidFormatError } from '@spotrec/recommender';
 *
 * const error = new InvalidFormatError('bundle/manifest.json', 'formatVersion', 'a version ≤ 1', 2);
 * console.log(error.message);
 * // Invalid bundle/manifest.json: field "formatVersion" expected a version ≤ 1, got 2
 * ```
 */
export class InvalidFormatError extends RecommenderError {
  /** The file (path) that is wrong. */
  readonly file: string;
  /** The field in it, or `''` for the file as a whole. */
  readonly field: string;

  /**
   * @param file - The file.
   * @param field - The field, or `''` for the whole file.
   * @param expected - The rule, as a phrase.
   * @param value - What was found.
   * @param options - `cause`: the error this one wraps.
   */
  constructor(
    file: string,
    field: string,
    expected: string,
    value: unknown,
    options?: { cause?: unknown },
  ) {
    const where = field === '' ? '' : ` field "${field}"`;
    super(`Invalid ${file}:${where} expected ${expected}, got ${describeValue(value)}`, options);
    this.name = 'InvalidFormatError';
    markError(this, SCOPE, 'InvalidFormatError');
    this.file = file;
    this.field = field;
  }

  /** True for an {@link InvalidFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidFormatError {
    return isMarked(error, SCOPE, 'InvalidFormatError');
  }
}

/**
 * A bundle used with a catalog it was not fitted on: the catalog fingerprints differ.
 *
 * @example
 * ```ts
 * import { CatalogMismatchError } from '@spotrec/recommender';
 *
 * const error = new CatalogMismatchError('models/real', 'sha256:ab12…', 'sha256:cd34…');
 * console.log(error.bundleFingerprint); // sha256:ab12…
 * ```
 */
export class CatalogMismatchError extends RecommenderError {
  /** The bundle folder. */
  readonly bundle: string;
  /** The fingerprint the bundle was fitted on. */
  readonly bundleFingerprint: string;
  /** The fingerprint of the catalog it was asked to serve. */
  readonly catalogFingerprint: string;

  /**
   * @param bundle - The bundle folder.
   * @param bundleFingerprint - The fingerprint in its manifest.
   * @param catalogFingerprint - The fingerprint of the catalog given.
   */
  constructor(bundle: string, bundleFingerprint: string, catalogFingerprint: string) {
    super(
      `The bundle ${bundle} was fitted on catalog ${bundleFingerprint}, not on the catalog given ` +
        `(${catalogFingerprint}). Fit a bundle for this catalog (spotrec train), or pass ` +
        '`allowCatalogMismatch: true` to use it anyway.',
    );
    this.name = 'CatalogMismatchError';
    markError(this, SCOPE, 'CatalogMismatchError');
    this.bundle = bundle;
    this.bundleFingerprint = bundleFingerprint;
    this.catalogFingerprint = catalogFingerprint;
  }

  /** True for a {@link CatalogMismatchError} from any copy of the package. */
  static override isInstance(error: unknown): error is CatalogMismatchError {
    return isMarked(error, SCOPE, 'CatalogMismatchError');
  }
}
