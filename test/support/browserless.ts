/**
 * A browser without a browser, for driving the local OpenID provider from integration
 * tests: a cookie jar and redirects followed by hand (the tests assert each hop).
 */
export function browser() {
  const cookies = new Map<string, string>();
  return async function request(url: string, init: RequestInit = {}) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  };
}

export type Browser = ReturnType<typeof browser>;
