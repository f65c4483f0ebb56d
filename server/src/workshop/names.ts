/**
 * One spelling per name for blocking ([J13]): "Ana", " ana " and "ＡＮＡ" are the same person to a
 * facilitator, so they compare equal after NFKC, case folding and collapsed spaces.
 */
export const normaliseName = (name: string): string =>
  name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');

export const sameName = (a: string, b: string): boolean => normaliseName(a) === normaliseName(b);
