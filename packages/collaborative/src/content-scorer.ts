import { InvalidArgumentError } from './errors';
import { recommendFrom, type ItemScorer, type RecommendOptions } from './scorer';
import type { ScoredItem } from './top-k';

/** A dense row-major float32 matrix (the structural `DenseMatrix` of the spotrec packages). */
export interface DenseMatrixLike {
  /** The values, row after row. */
  readonly data: Float32Array;
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
}

/** Options of {@link ContentScorer}. */
export interface ContentScorerOptions {
  /**
   * Subtract the column means (over the rows with features) before normalising. Vectors that
   * are all non-negative (min-max scaled features, ReLU embeddings) sit in one orthant where
   * every cosine is close to 1; centring spreads them so the cosine discriminates.
   * @defaultValue `false`
   */
  readonly center?: boolean;
}

/**
 * Content-based scores for a user: the cosine of every item's feature vector to the user's
 * profile, the normalised mean of the normalised vectors of the items they hold. Reaches
 * every item with features, including items nobody has interacted with yet (cold start).
 *
 * @example
 * ```ts
 * const content = new ContentScorer(trackIds, featureMatrix);
 * content.recommend(['t1', 't2'], 10);
 * ```
 */
export class ContentScorer implements ItemScorer {
  /** Item ids, one per matrix row. */
  readonly items: readonly string[];
  private readonly vectors: Float32Array;
  private readonly dim: number;
  private readonly position: Map<string, number>;
  private readonly hasFeatures: boolean[];

  /**
   * @param items - One id per row of `matrix`.
   * @param matrix - The items' feature vectors (normalised here; a row of zeros is an item
   * without features, never reached).
   * @param options - Whether to centre the vectors first.
   * @throws {@link InvalidArgumentError} when the ids and rows differ in number.
   */
  constructor(
    items: readonly string[],
    matrix: DenseMatrixLike,
    options: ContentScorerOptions = {},
  ) {
    const { center = false } = options;
    if (!Array.isArray(items) || items.length !== matrix.rows) {
      throw new InvalidArgumentError('items', `${matrix.rows} ids (one per matrix row)`, items);
    }
    if (
      !(matrix.data instanceof Float32Array) ||
      matrix.data.length !== matrix.rows * matrix.cols
    ) {
      throw new InvalidArgumentError(
        'matrix',
        'a DenseMatrix { data: Float32Array, rows, cols }',
        matrix,
      );
    }
    if (typeof center !== 'boolean')
      throw new InvalidArgumentError('options.center', 'a boolean', center);
    this.items = items;
    this.dim = matrix.cols;
    this.position = new Map(items.map((id, at) => [id, at]));
    this.vectors = new Float32Array(matrix.data.length);
    this.hasFeatures = new Array<boolean>(matrix.rows).fill(false);
    const d = this.dim;
    for (let row = 0; row < matrix.rows; row += 1) {
      for (let j = 0; j < d; j += 1) {
        const value = matrix.data[row * d + j] as number;
        if (!Number.isFinite(value))
          throw new InvalidArgumentError(
            `matrix row ${row} (${items[row]}), column ${j}`,
            'a finite number',
            value,
          );
        if (value !== 0) this.hasFeatures[row] = true;
      }
    }
    const means = new Float64Array(d);
    if (center) {
      let count = 0;
      for (let row = 0; row < matrix.rows; row += 1) {
        if (!this.hasFeatures[row]) continue;
        count += 1;
        for (let j = 0; j < d; j += 1)
          means[j] = (means[j] as number) + (matrix.data[row * d + j] as number);
      }
      for (let j = 0; j < d; j += 1) means[j] = (means[j] as number) / Math.max(count, 1);
    }
    for (let row = 0; row < matrix.rows; row += 1) {
      if (!this.hasFeatures[row]) continue;
      let norm = 0;
      for (let j = 0; j < d; j += 1)
        norm += ((matrix.data[row * d + j] as number) - (means[j] as number)) ** 2;
      // A row equal to the mean has no direction: it keeps a zero vector (scores 0).
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      this.hasFeatures[row] = norm > 0;
      for (let j = 0; j < d; j += 1)
        this.vectors[row * d + j] =
          ((matrix.data[row * d + j] as number) - (means[j] as number)) * scale;
    }
  }

  /** The normalised profile of `userItems` (all 0 when none is known or the sum is 0). */
  private profileOf(userItems: readonly string[]): Float64Array {
    const d = this.dim;
    const profile = new Float64Array(d);
    for (const id of new Set(userItems)) {
      const row = this.position.get(id);
      if (row === undefined) continue;
      for (let j = 0; j < d; j += 1)
        profile[j] = (profile[j] as number) + (this.vectors[row * d + j] as number);
    }
    let norm = 0;
    for (const value of profile) norm += value * value;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j += 1) profile[j] = (profile[j] as number) * scale;
    return profile;
  }

  /** Cosine of every item to the profile of `userItems` (all 0 when none is known). */
  scores(userItems: readonly string[]): Float64Array {
    const d = this.dim;
    const profile = this.profileOf(userItems);
    const scores = new Float64Array(this.items.length);
    for (let row = 0; row < this.items.length; row += 1) {
      let dot = 0;
      for (let j = 0; j < d; j += 1)
        dot += (this.vectors[row * d + j] as number) * (profile[j] as number);
      scores[row] = dot;
    }
    return scores;
  }

  /**
   * Which items a user holding `userItems` is linked to: every item with features (a nonzero
   * feature vector), cold-start items included, once the user's profile exists (they hold a
   * known item with features, and the vectors do not cancel out); nothing otherwise, since
   * every cosine is then 0. A hybrid's rank fusion gives the content term to these items only.
   *
   * @param userItems - The items the user holds (unknown ids are ignored).
   * @returns One flag per entry of {@link ContentScorer.items}.
   *
   * @example
   * ```ts
   * content.reachable(['t1']).every(Boolean); // true when every track has a nonzero vector
   * content.reachable([]).some(Boolean); // false
   * ```
   */
  reachable(userItems: readonly string[]): boolean[] {
    const hasProfile = this.profileOf(userItems).some((value) => value !== 0);
    return this.hasFeatures.map((has) => hasProfile && has);
  }

  /** The k items closest to the user's profile; held items excluded by default. */
  recommend(userItems: readonly string[], k: number, options: RecommendOptions = {}): ScoredItem[] {
    return recommendFrom(this, userItems, k, options, this.position);
  }
}
