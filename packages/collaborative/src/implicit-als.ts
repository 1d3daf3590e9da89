import { createOpenRandom, standardNormal } from '@spotrec/numeric-internal';
import { choleskySolveInPlace } from './cholesky';
import {
  fromBase64,
  readIds,
  readInteger,
  readModelJSON,
  readNonNegative,
  readObject,
  toBase64,
} from './encoding';
import { CollaborativeError, InvalidArgumentError, UnknownIdError } from './errors';
import type { InteractionMatrix } from './interaction-matrix';
import { recommendFrom, type ItemScorer, type RecommendOptions } from './scorer';
import { topK, type ScoredItem } from './top-k';

/** Progress of one ALS iteration. */
export interface ALSIteration {
  /** 1-based iteration number. */
  readonly iteration: number;
  /** The weighted squared error plus regularisation, after the iteration. */
  readonly loss: number;
  /** Seconds the iteration took. */
  readonly seconds: number;
}

/** Options of {@link ImplicitALS.fit}. */
export interface ImplicitALSOptions {
  /**
   * Latent factors per user and item.
   * @defaultValue `64`
   */
  readonly factors?: number;
  /**
   * L2 regularisation λ.
   * @defaultValue `0.1`
   */
  readonly regularization?: number;
  /**
   * Confidence scaling α: an observed interaction has confidence 1 + α.
   * @defaultValue `40`
   */
  readonly alpha?: number;
  /**
   * Alternating passes (users, then items).
   * @defaultValue `15`
   */
  readonly iterations?: number;
  /**
   * Seed of the initial factors: the same seed, data and options give the same model.
   * @defaultValue `0`
   */
  readonly seed?: number;
  /** Called after every iteration with its loss. */
  readonly onIteration?: (progress: ALSIteration) => void;
}

/** The settings an {@link ImplicitALS} was fitted with (its options without the callback). */
export interface ImplicitALSSettings {
  /** Latent factors. */
  readonly factors: number;
  /** L2 regularisation λ. */
  readonly regularization: number;
  /** Confidence scaling α. */
  readonly alpha: number;
  /** Alternating passes. */
  readonly iterations: number;
  /** Seed of the initial factors. */
  readonly seed: number;
}

/** The serialised form of an {@link ImplicitALS}. */
export interface ImplicitALSJSON {
  /** The format tag. */
  readonly kind: 'spotrec.implicit-als';
  /** The format version. */
  readonly formatVersion: 1;
  /** The options it was fitted with (without the callback). */
  readonly options: ImplicitALSSettings;
  /** User ids. */
  readonly users: readonly string[];
  /** Item ids. */
  readonly items: readonly string[];
  /** User factors (users × factors), base64 little-endian float32. */
  readonly userFactors: string;
  /** Item factors (items × factors), base64 float32. */
  readonly itemFactors: string;
}

/** Gram matrix FᵀF of `rows × f` factors, as f × f float64. */
function gram(factors: Float32Array, rows: number, f: number): Float64Array {
  const out = new Float64Array(f * f);
  for (let r = 0; r < rows; r += 1) {
    const o = r * f;
    for (let i = 0; i < f; i += 1) {
      const v = factors[o + i] as number;
      if (v === 0) continue;
      for (let j = i; j < f; j += 1)
        out[i * f + j] = (out[i * f + j] as number) + v * (factors[o + j] as number);
    }
  }
  for (let i = 0; i < f; i += 1)
    for (let j = 0; j < i; j += 1) out[i * f + j] = out[j * f + i] as number;
  return out;
}

/**
 * Solves one row's factors: (G + λI + Σ (c − 1)·y yᵀ) x = Σ c·y over the row's observed
 * columns, where G = YᵀY of the other side; writes x into `target` at `offset`.
 */
function solveRow(
  other: Float32Array,
  columns: ArrayLike<number>,
  start: number,
  end: number,
  base: Float64Array,
  f: number,
  lambda: number,
  confidence: number,
  a: Float64Array,
  b: Float64Array,
  target: Float32Array,
  offset: number,
): void {
  a.set(base);
  b.fill(0);
  for (let i = 0; i < f; i += 1) a[i * f + i] = (a[i * f + i] as number) + lambda;
  for (let at = start; at < end; at += 1) {
    const o = (columns[at] as number) * f;
    for (let i = 0; i < f; i += 1) {
      const yi = other[o + i] as number;
      b[i] = (b[i] as number) + confidence * yi;
      const scaled = (confidence - 1) * yi;
      for (let j = i; j < f; j += 1)
        a[i * f + j] = (a[i * f + j] as number) + scaled * (other[o + j] as number);
    }
  }
  for (let i = 0; i < f; i += 1)
    for (let j = 0; j < i; j += 1) a[i * f + j] = a[j * f + i] as number;
  if (!choleskySolveInPlace(a, b, f))
    throw new CollaborativeError(
      'ALS: a normal-equation matrix is not positive definite (raise regularization)',
    );
  for (let i = 0; i < f; i += 1) target[offset + i] = b[i] as number;
}

/** The confidence of an observed cell, 1 + α·r with r = 1 (interactions are binary). */
function confidenceOf(alpha: number): number {
  return 1 + alpha;
}

/** @internal The settings the solver uses. */
export interface SolverSettings {
  readonly factors: number;
  readonly regularization: number;
  readonly alpha: number;
  readonly iterations: number;
}

/**
 * @internal Runs `settings.iterations` alternating passes (every user against the fixed item
 * factors, then every item against the fixed user factors) starting from, and overwriting,
 * `userFactors` and `itemFactors`. Exported for the numpy reference test.
 */
export function trainFactors(
  matrix: InteractionMatrix,
  settings: SolverSettings,
  userFactors: Float32Array,
  itemFactors: Float32Array,
  onIteration?: (progress: ALSIteration) => void,
): void {
  const { factors: f, regularization, alpha, iterations } = settings;
  const users = matrix.users.length;
  const items = matrix.items.length;
  const confidence = confidenceOf(alpha);
  const a = new Float64Array(f * f);
  const b = new Float64Array(f);
  // Users against fixed items, then items against fixed users: the same solve both ways.
  const halfStep = (
    fixed: Float32Array,
    fixedCount: number,
    pointers: Uint32Array,
    indices: Uint32Array,
    target: Float32Array,
    count: number,
  ) => {
    const base = gram(fixed, fixedCount, f);
    for (let row = 0; row < count; row += 1) {
      solveRow(
        fixed,
        indices,
        pointers[row] as number,
        pointers[row + 1] as number,
        base,
        f,
        regularization,
        confidence,
        a,
        b,
        target,
        row * f,
      );
    }
  };
  for (let iteration = 1; iteration <= iterations; iteration += 1) {
    const started = performance.now();
    halfStep(itemFactors, items, matrix.userPointers, matrix.itemIndices, userFactors, users);
    halfStep(userFactors, users, matrix.itemPointers, matrix.userIndices, itemFactors, items);
    if (onIteration !== undefined) {
      const seconds = (performance.now() - started) / 1000;
      onIteration({
        iteration,
        loss: alsLoss(matrix, userFactors, itemFactors, f, regularization, confidence),
        seconds,
      });
    }
  }
}

/**
 * Σ over all cells of c·(p − xᵀy)² + λ(‖X‖² + ‖Y‖²), computed without visiting the
 * unobserved cells: Σᵤ xᵤᵀ(YᵀY)xᵤ counts every cell as unobserved, then the observed ones
 * are corrected.
 */
function alsLoss(
  matrix: InteractionMatrix,
  X: Float32Array,
  Y: Float32Array,
  f: number,
  lambda: number,
  confidence: number,
): number {
  const itemGram = gram(Y, matrix.items.length, f);
  let loss = 0;
  for (let u = 0; u < matrix.users.length; u += 1) {
    const o = u * f;
    for (let i = 0; i < f; i += 1) {
      let row = 0;
      for (let j = 0; j < f; j += 1) row += (itemGram[i * f + j] as number) * (X[o + j] as number);
      loss += (X[o + i] as number) * row;
    }
    for (
      let at = matrix.userPointers[u] as number;
      at < (matrix.userPointers[u + 1] as number);
      at += 1
    ) {
      const p = (matrix.itemIndices[at] as number) * f;
      let s = 0;
      for (let j = 0; j < f; j += 1) s += (X[o + j] as number) * (Y[p + j] as number);
      loss += confidence * (1 - s) ** 2 - s * s;
    }
  }
  let norms = 0;
  for (const value of X) norms += value * value;
  for (const value of Y) norms += value * value;
  return loss + lambda * norms;
}

/**
 * Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren & Volinsky,
 * 2008): every (user, item) cell has preference 1 if observed, else 0, with confidence 1 + α
 * for observed cells and 1 otherwise; user and item factors are solved in turn by exact
 * normal equations (a hand-written Cholesky per row). A new user's factors are solved the same
 * way from their items (fold-in), without retraining.
 *
 * @example
 * ```ts
 * const model = ImplicitALS.fit(matrix, { factors: 32, iterations: 10, seed: 1, onIteration: ({ iteration, loss }) => console.log(iteration, loss) });
 * model.recommend(['t1', 't2'], 10); // fold-in of a new user
 * model.recommendForUser('playlist-7', 10);
 * ```
 */
export class ImplicitALS implements ItemScorer {
  /** Item ids, in score order. */
  readonly items: readonly string[];
  /** User ids. */
  readonly users: readonly string[];
  /** Factors per user and item. */
  readonly factors: number;
  private readonly options: ImplicitALSSettings;
  private readonly userFactors: Float32Array;
  private readonly itemFactors: Float32Array;
  private readonly itemPosition: Map<string, number>;
  private readonly userPosition: Map<string, number>;
  private itemGram: Float64Array | undefined;

  private constructor(
    users: readonly string[],
    items: readonly string[],
    options: ImplicitALSSettings,
    userFactors: Float32Array,
    itemFactors: Float32Array,
  ) {
    this.users = users;
    this.items = items;
    this.options = options;
    this.factors = options.factors;
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
    this.itemPosition = new Map(items.map((id, at) => [id, at]));
    this.userPosition = new Map(users.map((id, at) => [id, at]));
  }

  /**
   * Trains the factors.
   *
   * @param matrix - The interactions.
   * @param options - Factors, λ, α, iterations, seed, progress callback.
   * @returns The fitted model.
   * @throws {@link InvalidArgumentError} for a bad option.
   */
  static fit(matrix: InteractionMatrix, options: ImplicitALSOptions = {}): ImplicitALS {
    const {
      factors: f = 64,
      regularization = 0.1,
      alpha = 40,
      iterations = 15,
      seed = 0,
      onIteration,
    } = options;
    if (!Number.isSafeInteger(f) || f <= 0)
      throw new InvalidArgumentError('options.factors', 'a positive integer', f);
    if (!Number.isSafeInteger(iterations) || iterations <= 0)
      throw new InvalidArgumentError('options.iterations', 'a positive integer', iterations);
    if (
      typeof regularization !== 'number' ||
      !(regularization > 0) ||
      !Number.isFinite(regularization)
    ) {
      throw new InvalidArgumentError(
        'options.regularization',
        'a finite number > 0',
        regularization,
      );
    }
    if (typeof alpha !== 'number' || !(alpha >= 0) || !Number.isFinite(alpha))
      throw new InvalidArgumentError('options.alpha', 'a finite number ≥ 0', alpha);
    if (typeof seed !== 'number' || !Number.isInteger(seed))
      throw new InvalidArgumentError('options.seed', 'an integer', seed);
    // The open-interval generator: its uniforms are never 0, so no draw is ever rejected.
    const uniform = createOpenRandom(seed);
    const normal = () => standardNormal(uniform);
    const scale = 0.01;
    const userFactors = Float32Array.from(
      { length: matrix.users.length * f },
      () => normal() * scale,
    );
    const itemFactors = Float32Array.from(
      { length: matrix.items.length * f },
      () => normal() * scale,
    );
    trainFactors(
      matrix,
      { factors: f, regularization, alpha, iterations },
      userFactors,
      itemFactors,
      onIteration,
    );
    return new ImplicitALS(
      matrix.users,
      matrix.items,
      { factors: f, regularization, alpha, iterations, seed },
      userFactors,
      itemFactors,
    );
  }

  /**
   * Solves the factors of a user who holds `userItems` (unknown ids ignored) without changing
   * the model: the fold-in that serves new users.
   */
  foldIn(userItems: readonly string[]): Float32Array {
    const f = this.factors;
    this.itemGram ??= gram(this.itemFactors, this.items.length, f);
    const columns = [...new Set(userItems)].flatMap((id) => {
      const at = this.itemPosition.get(id);
      return at === undefined ? [] : [at];
    });
    const out = new Float32Array(f);
    if (columns.length === 0) return out;
    solveRow(
      this.itemFactors,
      columns,
      0,
      columns.length,
      this.itemGram,
      f,
      this.options.regularization,
      confidenceOf(this.options.alpha),
      new Float64Array(f * f),
      new Float64Array(f),
      out,
      0,
    );
    return out;
  }

  private scoresFor(userVector: ArrayLike<number>): Float64Array {
    const f = this.factors;
    const scores = new Float64Array(this.items.length);
    for (let i = 0; i < this.items.length; i += 1) {
      let s = 0;
      for (let j = 0; j < f; j += 1)
        s += (userVector[j] as number) * (this.itemFactors[i * f + j] as number);
      scores[i] = s;
    }
    return scores;
  }

  /** Scores every item for a user holding `userItems`, through fold-in. */
  scores(userItems: readonly string[]): Float64Array {
    return this.scoresFor(this.foldIn(userItems));
  }

  /**
   * Which items a user holding `userItems` is linked to. ALS has no notion of "unrelated": a
   * folded-in user's score for an item is the dot product of their factors with the item's,
   * whatever its sign, so once the user holds at least one item the model knows, every item
   * with factors (every item of the training interactions) is reached and ranked; when they
   * hold none, the fold-in is the zero vector and nothing is reached. A hybrid's rank fusion
   * gives the collaborative term to the reached items only: unlike item-kNN, an ALS score's
   * sign says nothing about whether an interaction links the item to the user.
   *
   * @param userItems - The items the user holds (unknown ids are ignored).
   * @returns One flag per entry of {@link ImplicitALS.items}.
   *
   * @example
   * ```ts
   * model.reachable(['t1']).every(Boolean); // true: t1 is known, every item is ranked
   * model.reachable(['no-such-track']).some(Boolean); // false
   * ```
   */
  reachable(userItems: readonly string[]): boolean[] {
    const known = userItems.some((id) => this.itemPosition.has(id));
    return new Array<boolean>(this.items.length).fill(known);
  }

  /**
   * The k best items for a user holding `userItems`, by fold-in (known and new users alike).
   *
   * @throws {@link InvalidArgumentError} for a bad k.
   */
  recommend(userItems: readonly string[], k: number, options: RecommendOptions = {}): ScoredItem[] {
    return recommendFrom(this, userItems, k, options, this.itemPosition);
  }

  /**
   * The k best items for a user of the training data, from their trained factors; the items
   * they held in training are excluded unless `excludeHeld` is false.
   *
   * @param heldItems - The user's training items (to exclude), such as `matrix.itemsOf(user)`.
   * @throws {@link UnknownIdError} for a user not in the training interactions.
   */
  recommendForUser(
    user: string,
    k: number,
    heldItems: readonly string[] = [],
    options: RecommendOptions = {},
  ): ScoredItem[] {
    const u = this.userPosition.get(user);
    if (u === undefined) throw new UnknownIdError('user', user, 'user');
    const vector = this.userFactors.subarray(u * this.factors, (u + 1) * this.factors);
    const scorer: ItemScorer = { items: this.items, scores: () => this.scoresFor(vector) };
    return recommendFrom(scorer, heldItems, k, options, this.itemPosition);
  }

  /**
   * The k items whose factors are most similar (cosine) to those of `id`.
   *
   * @throws {@link UnknownIdError} for an item not in the training interactions.
   */
  similarItems(id: string, k: number): ScoredItem[] {
    const i = this.itemPosition.get(id);
    if (i === undefined) throw new UnknownIdError('id', id, 'item');
    if (!Number.isSafeInteger(k) || k <= 0)
      throw new InvalidArgumentError('k', 'a positive integer', k);
    const f = this.factors;
    const norm = (at: number) => {
      let s = 0;
      for (let j = 0; j < f; j += 1) s += (this.itemFactors[at * f + j] as number) ** 2;
      return Math.sqrt(s);
    };
    const own = norm(i);
    const scores = new Float64Array(this.items.length);
    for (let at = 0; at < this.items.length; at += 1) {
      let dot = 0;
      for (let j = 0; j < f; j += 1)
        dot += (this.itemFactors[at * f + j] as number) * (this.itemFactors[i * f + j] as number);
      const denominator = own * norm(at);
      scores[at] = denominator === 0 ? 0 : dot / denominator;
    }
    return topK(scores, k, new Set([i]), this.items);
  }

  /** The fitted model as tagged, versioned JSON (factors as base64 float32). */
  toJSON(): ImplicitALSJSON {
    return {
      kind: 'spotrec.implicit-als',
      formatVersion: 1,
      options: this.options,
      users: this.users,
      items: this.items,
      userFactors: toBase64(this.userFactors),
      itemFactors: toBase64(this.itemFactors),
    };
  }

  /**
   * Restores a model from {@link ImplicitALS.toJSON} output (object or text). Every field is
   * checked: the tag and format version, each option (`factors` and `iterations` positive
   * integers, `regularization` finite and > 0, `alpha` finite and ≥ 0, `seed` an integer),
   * distinct ids, and factor arrays of users × factors and items × factors finite values.
   *
   * @param input - The JSON object, or its text.
   * @returns The restored model.
   * @throws {@link InvalidFormatError} naming the first field that is wrong (its `cause` is the
   * `SyntaxError` when the text is not JSON).
   *
   * @example
   * ```ts
   * const restored = ImplicitALS.fromJSON(JSON.stringify(model));
   * restored.recommend(['t1'], 5); // the same as model.recommend(['t1'], 5)
   * ```
   */
  static fromJSON(input: unknown): ImplicitALS {
    const json = readModelJSON(input, 'spotrec.implicit-als');
    const options = readObject(json.options, 'options');
    const settings: ImplicitALSSettings = {
      factors: readInteger(options.factors, 'options.factors', 1),
      regularization: readNonNegative(options.regularization, 'options.regularization', true),
      alpha: readNonNegative(options.alpha, 'options.alpha'),
      iterations: readInteger(options.iterations, 'options.iterations', 1),
      seed: readInteger(options.seed, 'options.seed'),
    };
    const users = readIds(json.users, 'users');
    const items = readIds(json.items, 'items');
    const f = settings.factors;
    return new ImplicitALS(
      users,
      items,
      settings,
      fromBase64(json.userFactors, Float32Array, users.length * f, 'userFactors'),
      fromBase64(json.itemFactors, Float32Array, items.length * f, 'itemFactors'),
    );
  }
}
