// shared/ is pure TS with no DOM or Node types; Web Crypto exists in both, so declare just that.
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
