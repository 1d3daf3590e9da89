import {
  fromBase64,
  readIds,
  readInteger,
  readModelJSON,
  readNonNegative,
  readObject,
  toBase64,
} from './encoding';
import { InvalidArgumentError, InvalidFormatError, UnknownIdError } from './errors';
import type { InteractionMatrix } from './interaction-matrix';
import { recommendFrom, type ItemScorer, type RecommendOptions } from './scorer';
import type { ScoredItem } from './top-k';

/** Options of {@link ItemKNN.fit}. */
export interface ItemKNNOptions {
  /**
   * Neighbours kept per item (the most similar ones).
   * @defaultValue `200`
   */
  readonly neighbours?: number;
  /**
   * Shrinkage added to the cosine's denominator, damping similarities built on few co-occurrences.
   * @defaultValue `0`
   */
  readonly shrinkage?: number;
}

/** The serialised form of an {@link ItemKNN}. */
export interface ItemKNNJSON {
  /** The format tag. */
  readonly kind: 'spotrec.item-knn';
  /** The format version. */
  readonly formatVersion: 1;
  /** The options it was fitted with. */
  readonly options: Required<ItemKNNOptions>;
  /** Item ids. */
  readonly items: readonly string[];
  /** Neighbour-list pointers (items + 1), base64 little-endian uint32. */
  readonly pointers: string;
  /** Neighbour columns, base64 uint32. */
  readonly neighbours: string;
  /** Similarities, base64 float32. */
  readonly similarities: string;
}

/**
 * Item-item k-nearest-neighbours on co-occurrence: the similarity of items i and j is
 * |U(i) ∩ U(j)| ÷ (√|U(i)|·√|U(j)| + shrinkage), the cosine of their user columns, shrunk. A
 * user's score for an item is the sum of its similarities to the items the user holds.
 *
 * @example
 * ```ts
 * const model = ItemKNN.fit(InteractionMatrix.fromPairs(pairs), { neighbours: 100 });
 * model.recommend(['t1', 't7'], 10); // [{ id, score }, …], t1 and t7 excluded
 * model.similarItems('t1', 5);
 * ```
 */
export class ItemKNN implements ItemScorer {
  /** Item ids, in score order. */
  readonly items: readonly string[];
  private readonly options: Required<ItemKNNOptions>;
  private readonly pointers: Uint32Array;
  private readonly neighbourColumns: Uint32Array;
  private readonly similarities: Float32Array;
  private readonly position: Map<string, number>;

  private constructor(
    items: readonly string[],
    options: Required<ItemKNNOptions>,
    pointers: Uint32Array,
    neighbourColumns: Uint32Array,
    similarities: Float32Array,
  ) {
    this.items = items;
    this.options = options;
    this.pointers = pointers;
    this.neighbourColumns = neighbourColumns;
    this.similarities = similarities;
    this.position = new Map(items.map((id, at) => [id, at]));
  }

  /**
   * Computes every item's most similar items from the interactions.
   *
   * @param matrix - The interactions.
   * @param options - Neighbours per item and shrinkage.
   * @returns The fitted model.
   * @throws {@link InvalidArgumentError} for a bad option.
   */
  static fit(matrix: InteractionMatrix, options: ItemKNNOptions = {}): ItemKNN {
    const { neighbours = 200, shrinkage = 0 } = options;
    if (!Number.isSafeInteger(neighbours) || neighbours <= 0)
      throw new InvalidArgumentError('options.neighbours', 'a positive integer', neighbours);
    if (typeof shrinkage !== 'number' || !Number.isFinite(shrinkage) || shrinkage < 0)
      throw new InvalidArgumentError('options.shrinkage', 'a finite number ≥ 0', shrinkage);
    const itemCount = matrix.items.length;
    const counts = new Float64Array(itemCount);
    const touched: number[] = [];
    const pointers = new Uint32Array(itemCount + 1);
    const columns: number[] = [];
    const values: number[] = [];
    const norms = Float64Array.from({ length: itemCount }, (_, i) =>
      Math.sqrt(matrix.itemCount(i)),
    );
    for (let i = 0; i < itemCount; i += 1) {
      for (
        let a = matrix.itemPointers[i] as number;
        a < (matrix.itemPointers[i + 1] as number);
        a += 1
      ) {
        const user = matrix.userIndices[a] as number;
        for (
          let b = matrix.userPointers[user] as number;
          b < (matrix.userPointers[user + 1] as number);
          b += 1
        ) {
          const j = matrix.itemIndices[b] as number;
          if (j === i) continue;
          if (counts[j] === 0) touched.push(j);
          counts[j] = (counts[j] as number) + 1;
        }
      }
      const scored = touched.map((j) => ({
        j,
        similarity:
          (counts[j] as number) / ((norms[i] as number) * (norms[j] as number) + shrinkage),
      }));
      scored.sort((x, y) => y.similarity - x.similarity || x.j - y.j);
      for (const { j, similarity } of scored.slice(0, neighbours)) {
        columns.push(j);
        values.push(similarity);
      }
      pointers[i + 1] = columns.length;
      for (const j of touched) counts[j] = 0;
      touched.length = 0;
    }
    return new ItemKNN(
      matrix.items,
      { neighbours, shrinkage },
      pointers,
      Uint32Array.from(columns),
      Float32Array.from(values),
    );
  }

  /**
   * Scores every item for a user holding `userItems`: the sum of each item's similarities to
   * the held items (0 for items unrelated to them; unknown ids are ignored).
   */
  scores(userItems: readonly string[]): Float64Array {
    const scores = new Float64Array(this.items.length);
    for (const id of new Set(userItems)) {
      const i = this.position.get(id);
      if (i === undefined) continue;
      for (let at = this.pointers[i] as number; at < (this.pointers[i + 1] as number); at += 1) {
        const j = this.neighbourColumns[at] as number;
        scores[j] = (scores[j] as number) + (this.similarities[at] as number);
      }
    }
    return scores;
  }

  /**
   * Which items a user holding `userItems` is linked to: those with a nonzero similarity to a
   * held item (the items with a nonzero score; none when no held id is known). A hybrid's
   * rank fusion gives the collaborative term to these items only.
   *
   * @param userItems - The items the user holds (unknown ids are ignored).
   * @returns One flag per entry of {@link ItemKNN.items}.
   *
   * @example
   * ```ts
   * const reached = model.reachable(['t1']);
   * model.items.filter((_, at) => reached[at]); // t1's neighbours
   * ```
   */
  reachable(userItems: readonly string[]): boolean[] {
    const reached = new Array<boolean>(this.items.length).fill(false);
    for (const id of new Set(userItems)) {
      const i = this.position.get(id);
      if (i === undefined) continue;
      for (let at = this.pointers[i] as number; at < (this.pointers[i + 1] as number); at += 1) {
        if (this.similarities[at] !== 0) reached[this.neighbourColumns[at] as number] = true;
      }
    }
    return reached;
  }

  /**
   * The k best items for a user holding `userItems` (a known user or a new one alike).
   *
   * @param userItems - The items the user holds.
   * @param k - How many.
   * @param options - Exclusions; held items are excluded by default.
   * @returns Items best first (only items with a positive score are useful; ties in item order).
   * @throws {@link InvalidArgumentError} for a bad k.
   */
  recommend(userItems: readonly string[], k: number, options: RecommendOptions = {}): ScoredItem[] {
    return recommendFrom(this, userItems, k, options, this.position);
  }

  /**
   * The k items most similar to `id`.
   *
   * @throws {@link UnknownIdError} for an item not in the training interactions.
   */
  similarItems(id: string, k: number): ScoredItem[] {
    const i = this.position.get(id);
    if (i === undefined) throw new UnknownIdError('id', id, 'item');
    if (!Number.isSafeInteger(k) || k <= 0)
      throw new InvalidArgumentError('k', 'a positive integer', k);
    const start = this.pointers[i] as number;
    const end = Math.min(this.pointers[i + 1] as number, start + k);
    return Array.from({ length: end - start }, (_, at) => ({
      id: this.items[this.neighbourColumns[start + at] as number] as string,
      score: this.similarities[start + at] as number,
    }));
  }

  /** The fitted model as tagged, versioned JSON. */
  toJSON(): ItemKNNJSON {
    return {
      kind: 'spotrec.item-knn',
      formatVersion: 1,
      options: this.options,
      items: this.items,
      pointers: toBase64(this.pointers),
      neighbours: toBase64(this.neighbourColumns),
      similarities: toBase64(this.similarities),
    };
  }

  /**
   * Restores a model from {@link ItemKNN.toJSON} output (object or text). Every field is
   * checked: the tag and format version, the options, distinct ids, pointers that start at 0,
   * never decrease and give no item more than `options.neighbours` neighbours, neighbour
   * columns in range (never the item itself, never twice in one list), and similarities in
   * (0, 1] that never increase within a list.
   *
   * @param input - The JSON object, or its text.
   * @returns The restored model.
   * @throws {@link InvalidFormatError} naming the first field that is wrong (its `cause` is the
   * `SyntaxError` when the text is not JSON).
   *
   * @example
   * ```ts
   * const restored = ItemKNN.fromJSON(JSON.stringify(model));
   * restored.recommend(['t1'], 5); // the same as model.recommend(['t1'], 5)
   * ```
   */
  static fromJSON(input: unknown): ItemKNN {
    const json = readModelJSON(input, 'spotrec.item-knn');
    const options = readObject(json.options, 'options');
    const neighbours = readInteger(options.neighbours, 'options.neighbours', 1);
    const shrinkage = readNonNegative(options.shrinkage, 'options.shrinkage');
    const items = readIds(json.items, 'items');
    const pointers = fromBase64(json.pointers, Uint32Array, items.length + 1, 'pointers');
    if (pointers[0] !== 0)
      throw new InvalidFormatError('pointers[0]', `expected 0, got ${pointers[0]}`);
    for (let at = 0; at < items.length; at += 1) {
      const count = (pointers[at + 1] as number) - (pointers[at] as number);
      if (count < 0)
        throw new InvalidFormatError(`pointers[${at + 1}]`, 'pointers must not decrease');
      if (count > neighbours)
        throw new InvalidFormatError(
          `pointers[${at + 1}]`,
          `item ${at} has ${count} neighbours, more than options.neighbours (${neighbours})`,
        );
    }
    const total = pointers[items.length] as number;
    const columns = fromBase64(json.neighbours, Uint32Array, total, 'neighbours');
    const similarities = fromBase64(json.similarities, Float32Array, total, 'similarities');
    const listOf = new Int32Array(items.length).fill(-1);
    for (let item = 0; item < items.length; item += 1) {
      for (let at = pointers[item] as number; at < (pointers[item + 1] as number); at += 1) {
        const column = columns[at] as number;
        if (column >= items.length)
          throw new InvalidFormatError(
            `neighbours[${at}]`,
            `expected a column below ${items.length}, got ${column}`,
          );
        if (column === item)
          throw new InvalidFormatError(`neighbours[${at}]`, `item ${item} lists itself`);
        if (listOf[column] === item)
          throw new InvalidFormatError(
            `neighbours[${at}]`,
            `item ${item} lists column ${column} twice`,
          );
        listOf[column] = item;
        const similarity = similarities[at] as number;
        if (!(similarity > 0 && similarity <= 1))
          throw new InvalidFormatError(
            `similarities[${at}]`,
            `expected a number in (0, 1], got ${similarity}`,
          );
        if (at > (pointers[item] as number) && similarity > (similarities[at - 1] as number))
          throw new InvalidFormatError(
            `similarities[${at}]`,
            `similarities must not increase within item ${item}'s list`,
          );
      }
    }
    return new ItemKNN(items, { neighbours, shrinkage }, pointers, columns, similarities);
  }
}
