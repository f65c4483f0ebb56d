/** Every screen the client knows, parsed from the path alone (tokens stay in the hash). */
export type Route =
  | { name: 'join'; code: string | undefined }
  | { name: 'board'; sessionId: string }
  | { name: 'present'; sessionId: string }
  | { name: 'facilitate'; sessionId: string }
  | { name: 'organise' }
  | { name: 'history' }
  | { name: 'replay'; sessionId: string }
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
    default:
      return { name: 'notFound' };
  }
}
