import { InvalidArgumentError, UnknownIdError } from './errors';

/**
 * The structural shape of interactions: distinct user and item ids and one (user, item) pair
 * per entry as indices into them. `loadInteractions` and `interactionsFromPairs` of
 * `@spotrec/data` return it.
 */
export interface InteractionsLike {
  /** Distinct user (or playlist) ids. */
  readonly users: readonly string[];
  /** Distinct item (track) ids. */
  readonly items: readonly string[];
  /** For pair p, the index into `users`. */
  readonly userIndex: ArrayLike<number>;
  /** For pair p, the index into `items`. */
  readonly itemIndex: ArrayLike<number>;
}

/**
 * Implicit feedback as a sparse user × item matrix in CSR form (each user's items, sorted),
 * with the transposed CSC form (each item's users) alongside. Values are 1: an interaction
 * happened; repeated pairs count once.
 *
 * @example
 * ```ts
 * const matrix = InteractionMatrix.fromPairs([['alice', 't1'], ['alice', 't2'], ['bob', 't1']]);
 * matrix.itemsOf('alice'); // ['t1', 't2']
 * matrix.itemCount(0); // 2 (t1 is held by two users)
 * ```
 */
export class InteractionMatrix {
  /** User ids, in row order. */
  readonly users: readonly string[];
  /** Item ids, in column order. */
  readonly items: readonly string[];
  /** CSR row pointers: user u's items are `itemIndices[userPointers[u] … userPointers[u + 1])`. */
  readonly userPointers: Uint32Array;
  /** CSR column indices, ascending within each user. */
  readonly itemIndices: Uint32Array;
  /** CSC pointers: item i's users are `userIndices[itemPointers[i] … itemPointers[i + 1])`. */
  readonly itemPointers: Uint32Array;
  /** CSC row indices, ascending within each item. */
  readonly userIndices: Uint32Array;
  private readonly userRow: Map<string, number>;
  private readonly itemColumn: Map<string, number>;

  private constructor(
    users: readonly string[],
    items: readonly string[],
    userOf: ArrayLike<number>,
    itemOf: ArrayLike<number>,
  ) {
    this.users = users;
    this.items = items;
    this.userRow = new Map(users.map((id, row) => [id, row]));
    this.itemColumn = new Map(items.map((id, column) => [id, column]));
    const pairs = Array.from({ length: userOf.length }, (_, at) => at).sort(
      (a, b) =>
        (userOf[a] as number) - (userOf[b] as number) ||
        (itemOf[a] as number) - (itemOf[b] as number),
    );
    const rows: number[] = [];
    const cols: number[] = [];
    for (const at of pairs) {
      const u = userOf[at] as number;
      const i = itemOf[at] as number;
      if (rows.length > 0 && rows[rows.length - 1] === u && cols[cols.length - 1] === i) continue;
      rows.push(u);
      cols.push(i);
    }
    this.userPointers = new Uint32Array(users.length + 1);
    for (const u of rows) (this.userPointers[u + 1] as number) += 1;
    for (let u = 0; u < users.length; u += 1)
      this.userPointers[u + 1] =
        (this.userPointers[u + 1] as number) + (this.userPointers[u] as number);
    this.itemIndices = Uint32Array.from(cols);
    this.itemPointers = new Uint32Array(items.length + 1);
    for (const i of cols) (this.itemPointers[i + 1] as number) += 1;
    for (let i = 0; i < items.length; i += 1)
      this.itemPointers[i + 1] =
        (this.itemPointers[i + 1] as number) + (this.itemPointers[i] as number);
    this.userIndices = new Uint32Array(cols.length);
    const next = this.itemPointers.slice(0, items.length);
    rows.forEach((u, at) => {
      const i = cols[at] as number;
      this.userIndices[next[i] as number] = u;
      next[i] = (next[i] as number) + 1;
    });
  }

  /**
   * Builds the matrix from structural interactions (such as `@spotrec/data`'s `loadInteractions`).
   *
   * @throws {@link InvalidArgumentError} for mismatched arrays, out-of-range indices or repeated ids.
   */
  static from(interactions: InteractionsLike): InteractionMatrix {
    const { users, items, userIndex, itemIndex } = interactions;
    for (const [name, ids] of [
      ['users', users],
      ['items', items],
    ] as const) {
      if (!Array.isArray(ids))
        throw new InvalidArgumentError(`interactions.${name}`, 'an array of ids', ids);
      const seen = new Set<string>();
      ids.forEach((id: unknown, position) => {
        if (typeof id !== 'string' || id === '' || seen.has(id)) {
          throw new InvalidArgumentError(
            `interactions.${name}[${position}]`,
            'a distinct non-empty string id',
            id,
          );
        }
        seen.add(id);
      });
    }
    if (userIndex.length !== itemIndex.length) {
      throw new InvalidArgumentError(
        'interactions.itemIndex',
        `as many entries as userIndex (${userIndex.length})`,
        itemIndex.length,
      );
    }
    for (let at = 0; at < userIndex.length; at += 1) {
      const u = userIndex[at] as number;
      const i = itemIndex[at] as number;
      if (!Number.isInteger(u) || u < 0 || u >= users.length)
        throw new InvalidArgumentError(
          `interactions.userIndex[${at}]`,
          `an index below ${users.length}`,
          u,
        );
      if (!Number.isInteger(i) || i < 0 || i >= items.length)
        throw new InvalidArgumentError(
          `interactions.itemIndex[${at}]`,
          `an index below ${items.length}`,
          i,
        );
    }
    return new InteractionMatrix([...users], [...items], userIndex, itemIndex);
  }

  /**
   * Builds the matrix from `[user, item]` pairs.
   *
   * @throws {@link InvalidArgumentError} for a pair that is not two non-empty strings.
   */
  static fromPairs(pairs: Iterable<readonly [string, string]>): InteractionMatrix {
    const users = new Map<string, number>();
    const items = new Map<string, number>();
    const userOf: number[] = [];
    const itemOf: number[] = [];
    let position = 0;
    for (const pair of pairs) {
      const [user, item] = pair;
      if (typeof user !== 'string' || user === '' || typeof item !== 'string' || item === '') {
        throw new InvalidArgumentError(
          `pairs[${position}]`,
          'a [user, item] pair of non-empty strings',
          pair,
        );
      }
      if (!users.has(user)) users.set(user, users.size);
      if (!items.has(item)) items.set(item, items.size);
      userOf.push(users.get(user) as number);
      itemOf.push(items.get(item) as number);
      position += 1;
    }
    return new InteractionMatrix([...users.keys()], [...items.keys()], userOf, itemOf);
  }

  /** Number of distinct (user, item) pairs. */
  get size(): number {
    return this.itemIndices.length;
  }

  /** The column of an item id, or `undefined`. */
  columnOf(item: string): number | undefined {
    return this.itemColumn.get(item);
  }

  /** The row of a user id, or `undefined`. */
  rowOf(user: string): number | undefined {
    return this.userRow.get(user);
  }

  /** How many users hold item column `column`. */
  itemCount(column: number): number {
    return (this.itemPointers[column + 1] as number) - (this.itemPointers[column] as number);
  }

  /**
   * The item ids a user holds.
   *
   * @throws {@link UnknownIdError} for a user not in the matrix.
   */
  itemsOf(user: string): string[] {
    const row = this.userRow.get(user);
    if (row === undefined) throw new UnknownIdError('user', user, 'user');
    return Array.from(
      this.itemIndices.subarray(this.userPointers[row], this.userPointers[row + 1]),
      (column) => this.items[column] as string,
    );
  }

  /**
   * The user ids that hold an item: for playlists, the playlists a track is on. With
   * {@link InteractionMatrix.items} this gives every item's users as labels, such as training
   * targets for a content encoder of the items.
   *
   * @throws {@link UnknownIdError} for an item not in the matrix.
   *
   * @example
   * ```ts
   * const matrix = InteractionMatrix.fromPairs([['p1', 't1'], ['p2', 't1'], ['p2', 't2']]);
   * matrix.usersOf('t1'); // ['p1', 'p2']
   * ```
   */
  usersOf(item: string): string[] {
    const column = this.itemColumn.get(item);
    if (column === undefined) throw new UnknownIdError('item', item, 'item');
    return Array.from(
      this.userIndices.subarray(this.itemPointers[column], this.itemPointers[column + 1]),
      (row) => this.users[row] as string,
    );
  }

  /** @internal Columns of known items among `ids` (unknown ones are skipped), deduplicated. */
  columnsOf(ids: readonly string[]): number[] {
    const columns = new Set<number>();
    for (const id of ids) {
      const column = this.itemColumn.get(id);
      if (column !== undefined) columns.add(column);
    }
    return [...columns];
  }
}
