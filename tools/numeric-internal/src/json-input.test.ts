import { describe, expect, it } from 'vitest';
import { parseJSONInput } from './json-input';

const fail = (reason: string, cause: unknown): never => {
  throw new Error(reason, { cause });
};

describe('parseJSONInput(input, fail)', () => {
  it('parses JSON text', () => {
    expect(parseJSONInput('{"kind":"x","formatVersion":1}', fail)).toEqual({
      kind: 'x',
      formatVersion: 1,
    });
  });

  it('returns anything else unchanged', () => {
    const value = { kind: 'x' };
    expect(parseJSONInput(value, fail)).toBe(value);
    expect(parseJSONInput(null, fail)).toBeNull();
  });

  it('hands invalid text to fail with the parser error as the cause', () => {
    let caught: unknown;
    try {
      parseJSONInput('{oops', fail);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toMatch(/^not JSON \(.+\)$/);
    expect((caught as Error).cause).toBeInstanceOf(SyntaxError);
  });
});
