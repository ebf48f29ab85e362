/** The smoke test's one request: GET the health route, bounded in time and size. */

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 16 * 1024;

export async function fetchHealth(url: string, fetcher: typeof fetch = fetch): Promise<{ status: number; body: unknown } | { error: string }> {
  try {
    const response = await fetcher(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json', 'cache-control': 'no-cache' } });
    const text = await response.text();
    if (text.length > MAX_BYTES) return { error: `the answer is larger than ${MAX_BYTES} bytes` };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
