/**
 * Matches a request to the route table the way an HTTP API does: by method and path, with
 * `{name}` capturing one path segment and `{name+}` the rest; a static route wins over a
 * template. No match means 404 before any function runs.
 */
import { type RouteDeclaration, routeKeyOf } from '../platform/route.js';

export interface RouteMatch {
  route: RouteDeclaration;
  routeKey: string;
  pathParameters?: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDeclaration;
  pattern: RegExp;
  names: string[];
  /** Fewer captures first: the most specific route wins. */
  rank: number;
}

export function createRouteMatcher(routes: readonly RouteDeclaration[]) {
  const compiled: CompiledRoute[] = routes
    .map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
          if (!param) return escapeRegExp(segment);
          names.push(param[1] ?? '');
          return param[2] ? '(.+)' : '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}$`), names, rank: names.length };
    })
    .sort((a, b) => a.rank - b.rank);

  return function match(method: string, path: string): RouteMatch | undefined {
    for (const candidate of compiled) {
      if (candidate.route.method !== method) continue;
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      const routeKey = routeKeyOf(candidate.route);
      if (candidate.names.length === 0) return { route: candidate.route, routeKey };
      const pathParameters = Object.fromEntries(candidate.names.map((name, i) => [name, safeDecode(found[i + 1] ?? '')]));
      return { route: candidate.route, routeKey, pathParameters };
    }
    return undefined;
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
