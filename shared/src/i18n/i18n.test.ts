import { describe, expect, it } from 'vitest';
import { plural, translate } from './index';

describe('message catalogue', () => {
  it('fills parameters and leaves unknown placeholders visible', () => {
    expect(translate('en', 'facilitate.joinCode', { code: 'ABC2345' })).toBe('Join code: ABC2345');
    expect(translate('en', 'facilitate.joinCode')).toBe('Join code: {code}');
  });

  it('chooses plural forms with the locale rules', () => {
    expect(plural('en', 'present.participants', 1)).toBe('1 participant');
    expect(plural('en', 'present.participants', 0)).toBe('0 participants');
    expect(plural('en', 'present.participants', 40)).toBe('40 participants');
  });
});
