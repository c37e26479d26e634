import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';
import { formatShard, parseShard } from './parse-shard.js';

describe('parseShard', () => {
  it('reads i/n with 1-based i', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    expect(parseShard(' 64/64 ')).toEqual({ index: 64, count: 64 });
    expect(formatShard(parseShard('5/12'))).toBe('5/12');
  });

  it.each(['0/4', '5/4', '1/0', '-1/4', '1.5/4', '1/4.0', '1 / 4', '3', '/4', '1/', 'a/b', '', '1/4/2', '1/2000000'])(
    'refuses %j with a typed error naming --shard',
    (text) => {
      let err: unknown;
      try {
        parseShard(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidParameterError);
      expect((err as InvalidParameterError).parameter).toBe('--shard');
      expect((err as Error).message).toMatch(/i\/n/);
      expect((err as Error).message).not.toMatch(/\n/);
    },
  );

  it('says that shards count from 1', () => {
    expect(() => parseShard('0/4')).toThrow(/numbered from 1/);
  });
});
