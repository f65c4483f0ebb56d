/**
 * Every screen the client knows, parsed from the path alone. Session tokens stay in the hash; the
 * one exception is a kept commitment, whose link (`/c/<token>`, made by KeepCopy) is the token.
 */
export type Route =
  | { name: 'join'; code: string | undefined }
  | { name: 'board'; sessionId: string }
  | { name: 'present'; sessionId: string }
  | { name: 'facilitate'; sessionId: string }
  | { name: 'organise' }
  | { name: 'history' }
  | { name: 'replay'; sessionId: string }
  /** The token grants only reading and marking one commitment, and the server never logs it ([W2]). */
  | { name: 'commitment'; token: string }
  | { name: 'notFound' };

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter((part) => part !== '');
  const [head, arg, ...rest] = parts;
  if (head === undefined) return { name: 'join', code: undefined };
  if (head === 'organise' && arg === undefined) return { name: 'organise' };
  if (head === 'history' && arg === undefined) return { name: 'history' };
  const value = arg === undefined || rest.length > 0 ? undefined : decode(arg);
  if (value === undefined || value === '') return { name: 'notFound' };
  switch (head) {
    case 'j':
      return { name: 'join', code: value };
    case 's':
      return { name: 'board', sessionId: value };
    case 'p':
      return { name: 'present', sessionId: value };
    case 'f':
      return { name: 'facilitate', sessionId: value };
    case 'history':
      return { name: 'replay', sessionId: value };
    case 'c':
      return { name: 'commitment', token: value };
    default:
      return { name: 'notFound' };
  }
}
