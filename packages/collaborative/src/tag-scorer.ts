import { InvalidArgumentError } from './errors';
import { recommendFrom, type ItemScorer, type RecommendOptions } from './scorer';
import type { ScoredItem } from './top-k';

/** Options of {@link TagScorer}. */
export interface TagScorerOptions {
  /**
   * Weigh each tag by its inverse document frequency, ln(items ÷ items with the tag), so a
   * tag that few items carry (a niche artist) counts for more than a common one; a tag on
   * every item then weighs 0. Without it every tag weighs 1.
   * @defaultValue `true`
   */
  readonly idf?: boolean;
}

/**
 * Content scores from categorical tags of the items (their artists, album, label, …): each
 * item is a vector over the tags with the tag's weight for each tag it carries; a user's
 * profile is the sum of the vectors of the distinct items they hold; an item's score is the
 * cosine of its vector to the profile. Reaches every item that shares a weighted tag with a
 * held item, cold-start items included, so it is a content side for a
 * {@link HybridRecommender}. On playlist continuation the artist is the strongest content
 * signal there is: a playlist's hidden tracks share an artist with its visible ones far more
 * often than audio features can tell.
 *
 * @example
 * ```ts
 * const artists = new TagScorer(['t1', 't2', 't3'], [['Ana'], ['Ana', 'Bo'], ['Cy']]);
 * artists.recommend(['t1'], 2); // t2 first (shares Ana), then t3 with score 0
 * ```
 */
export class TagScorer implements ItemScorer {
  /** Item ids, one per entry of the tags. */
  readonly items: readonly string[];
  /** The tags, each with its weight (its idf, or 1). */
  readonly tagWeights: ReadonlyMap<string, number>;
  private readonly position: Map<string, number>;
  /** CSR of item → tag indices. */
  private readonly itemTagPointers: Uint32Array;
  private readonly itemTags: Uint32Array;
  /** CSC of tag → item indices. */
  private readonly tagItemPointers: Uint32Array;
  private readonly tagItems: Uint32Array;
  private readonly weights: Float64Array;
  private readonly itemNorms: Float64Array;

  /**
   * @param items - Distinct item ids.
   * @param tags - The tags of each item, one array per id (empty for an item without tags;
   * a tag repeated within an item counts once).
   * @param options - Whether tags weigh their idf.
   * @throws {@link InvalidArgumentError} for ids that are not distinct non-empty strings, a
   * tags list of another length, or an entry that is not an array of non-empty strings.
   */
  constructor(
    items: readonly string[],
    tags: readonly (readonly string[])[],
    options: TagScorerOptions = {},
  ) {
    const { idf = true } = options;
    if (!Array.isArray(items))
      throw new InvalidArgumentError('items', 'an array of item ids', items);
    if (!Array.isArray(tags) || tags.length !== items.length)
      throw new InvalidArgumentError('tags', `${items.length} arrays (one per item)`, tags);
    if (typeof idf !== 'boolean') throw new InvalidArgumentError('options.idf', 'a boolean', idf);
    this.items = items;
    this.position = new Map();
    items.forEach((id, at) => {
      if (typeof id !== 'string' || id === '')
        throw new InvalidArgumentError(`items[${at}]`, 'a non-empty string', id);
      if (this.position.has(id))
        throw new InvalidArgumentError(
          `items[${at}]`,
          `an id not already at items[${this.position.get(id)}]`,
          id,
        );
      this.position.set(id, at);
    });
    const tagIndex = new Map<string, number>();
    const perItem: number[][] = tags.map((list, at) => {
      if (!Array.isArray(list))
        throw new InvalidArgumentError(`tags[${at}]`, 'an array of tags', list);
      const own = new Set<number>();
      list.forEach((tag: unknown, position) => {
        if (typeof tag !== 'string' || tag === '')
          throw new InvalidArgumentError(`tags[${at}][${position}]`, 'a non-empty string', tag);
        if (!tagIndex.has(tag)) tagIndex.set(tag, tagIndex.size);
        own.add(tagIndex.get(tag) as number);
      });
      return [...own];
    });
    const counts = new Uint32Array(tagIndex.size);
    for (const own of perItem) for (const tag of own) counts[tag] = (counts[tag] as number) + 1;
    this.weights = Float64Array.from(counts, (count) => (idf ? Math.log(items.length / count) : 1));
    const names = [...tagIndex.keys()];
    this.tagWeights = new Map(names.map((name, at) => [name, this.weights[at] as number]));

    this.itemTagPointers = new Uint32Array(items.length + 1);
    perItem.forEach((own, at) => {
      this.itemTagPointers[at + 1] = (this.itemTagPointers[at] as number) + own.length;
    });
    this.itemTags = Uint32Array.from(perItem.flat());
    this.tagItemPointers = new Uint32Array(tagIndex.size + 1);
    counts.forEach((count, tag) => {
      this.tagItemPointers[tag + 1] = (this.tagItemPointers[tag] as number) + count;
    });
    this.tagItems = new Uint32Array(this.itemTags.length);
    const filled = this.tagItemPointers.slice(0, tagIndex.size);
    perItem.forEach((own, item) => {
      for (const tag of own) {
        this.tagItems[filled[tag] as number] = item;
        filled[tag] = (filled[tag] as number) + 1;
      }
    });
    this.itemNorms = Float64Array.from(perItem, (own) =>
      Math.sqrt(own.reduce((sum, tag) => sum + (this.weights[tag] as number) ** 2, 0)),
    );
  }

  /** The profile of `userItems`: tag index → summed weight, and its norm. */
  private profileOf(userItems: readonly string[]): { profile: Map<number, number>; norm: number } {
    const profile = new Map<number, number>();
    for (const id of new Set(userItems)) {
      const item = this.position.get(id);
      if (item === undefined) continue;
      for (
        let at = this.itemTagPointers[item] as number;
        at < (this.itemTagPointers[item + 1] as number);
        at += 1
      ) {
        const tag = this.itemTags[at] as number;
        const weight = this.weights[tag] as number;
        if (weight !== 0) profile.set(tag, (profile.get(tag) ?? 0) + weight);
      }
    }
    let norm = 0;
    for (const value of profile.values()) norm += value * value;
    return { profile, norm: Math.sqrt(norm) };
  }

  /**
   * Cosine of every item's tag vector to the profile of `userItems` (0 for items sharing no
   * weighted tag with it, and for everything when no held item is known).
   *
   * @param userItems - The items the user holds (unknown ids are ignored).
   * @returns One score per entry of {@link TagScorer.items}, in [0, 1].
   *
   * @example
   * ```ts
   * new TagScorer(['t1', 't2'], [['Ana'], ['Bo']], { idf: false }).scores(['t1']); // [1, 0]
   * ```
   */
  scores(userItems: readonly string[]): Float64Array {
    const scores = new Float64Array(this.items.length);
    const { profile, norm } = this.profileOf(userItems);
    if (norm === 0) return scores;
    for (const [tag, value] of profile) {
      const contribution = value * (this.weights[tag] as number);
      for (
        let at = this.tagItemPointers[tag] as number;
        at < (this.tagItemPointers[tag + 1] as number);
        at += 1
      ) {
        const item = this.tagItems[at] as number;
        scores[item] = (scores[item] as number) + contribution;
      }
    }
    for (let item = 0; item < scores.length; item += 1) {
      if (scores[item] !== 0)
        scores[item] = (scores[item] as number) / (norm * (this.itemNorms[item] as number));
    }
    return scores;
  }

  /**
   * Which items a user holding `userItems` is linked to: those sharing a tag of nonzero weight
   * with a held item (the others all score 0).
   *
   * @param userItems - The items the user holds (unknown ids are ignored).
   * @returns One flag per entry of {@link TagScorer.items}.
   *
   * @example
   * ```ts
   * new TagScorer(['t1', 't2', 't3'], [['Ana'], ['Ana'], ['Bo']]).reachable(['t1']); // [true, true, false]
   * ```
   */
  reachable(userItems: readonly string[]): boolean[] {
    return Array.from(this.scores(userItems), (score) => score > 0);
  }

  /** The k items whose tags are closest to the user's; held items excluded by default. */
  recommend(userItems: readonly string[], k: number, options: RecommendOptions = {}): ScoredItem[] {
    return recommendFrom(this, userItems, k, options, this.position);
  }
}
