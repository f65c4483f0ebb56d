/**
 * Participants' words in Markdown, kept as text ([Y4]) with as few backslashes as possible: the
 * story is pasted into e-mails, where `2026\-12\-15` or `\(edited\)` read as noise. A character
 * is escaped only where CommonMark (or GitHub's extensions) would make markup or HTML of it at
 * that position; everything else is left as written.
 */

const line = (text: string): string => text.replace(/\s+/g, ' ').trim();

const SPACE_OR_EDGE = /^\s?$/;
const WORD = /^[\p{L}\p{N}]$/u;
/** The only characters mdInline ever escapes. */
const MAYBE_MARKUP = /[\\`[*_~<&]/;

/** `*`, `_` and `~` make emphasis or strike-through only where they can open or close a run. */
function flanking(char: string, before: string, after: string): boolean {
  const spaced = SPACE_OR_EDGE.test(before) && SPACE_OR_EDGE.test(after);
  if (spaced) return false;
  // An underscore between letters (snake_case) never emphasises.
  if (char === '_' && WORD.test(before) && WORD.test(after)) return false;
  return true;
}

/** Escapes for text in the middle of a line. */
export function mdInline(text: string): string {
  const flat = line(text);
  // Most words hold none of the characters below: they come back as they are, without a walk.
  if (!MAYBE_MARKUP.test(flat)) return flat;
  const chars = [...flat];
  return chars
    .map((ch, i) => {
      const before = chars[i - 1] ?? '';
      const after = chars[i + 1] ?? '';
      switch (ch) {
        case '\\':
        case '`':
        case '[':
          return `\\${ch}`;
        case '*':
        case '_':
        case '~':
          return flanking(ch, before, after) ? `\\${ch}` : ch;
        case '<':
          // A tag, a comment or an autolink begins `<` + letter, `/`, `!` or `?`.
          return /[A-Za-z/!?]/.test(after) ? '\\<' : ch;
        case '&':
          // Only an entity reference (`&amp;`, `&#60;`) would be decoded.
          return /^#?\w+;/.test(chars.slice(i + 1, i + 12).join('')) ? '\\&' : ch;
        default:
          return ch;
      }
    })
    .join('');
}

/**
 * Escapes for text that starts a block (a list item's or a heading's content), where `#`, `>`,
 * `-`, `+`, `*`, `1.` and `---` would make a heading, a quote, a list or a rule.
 */
export function md(text: string): string {
  const inline = mdInline(text);
  if (/^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|-(?:\s*-){2,}$)/.test(inline)) return `\\${inline}`;
  return inline.replace(/^(\d{1,9})([.)])(\s|$)/, '$1\\$2$3');
}

/** A heading's text: also a closing run of `#` would vanish. */
export function mdHeading(text: string): string {
  return md(text).replace(/(^|\s)(#+)$/, '$1\\$2');
}
