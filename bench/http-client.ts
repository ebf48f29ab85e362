/** One keep-alive connection to the local runtime, as a browser tab would hold one. */
import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface KeepAliveClient {
  get(path: string, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** A request with a JSON body (`content-type: application/json`). */
  send(method: 'POST' | 'PUT', path: string, body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  close(): void;
}

export function keepAliveClient(baseUrl: string): KeepAliveClient {
  const url = new URL(baseUrl);
  // The runtime listens on 127.0.0.1; "localhost" may resolve to ::1 first.
  const hostname = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const exchange = (method: string, path: string, headers: Record<string, string>, payload?: string) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const req = request({ agent, hostname, port: url.port, path, method, headers: { ...headers, host: url.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  return {
    get: (path, headers = {}) => exchange('GET', path, headers),
    send(method, path, body, headers = {}) {
      const payload = JSON.stringify(body);
      return exchange(method, path, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }, payload);
    },
    close: () => agent.destroy(),
  };
}
