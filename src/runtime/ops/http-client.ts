/**
 * The operations endpoints seen from outside (`network status`, `network up`'s anchor-peer
 * updates, tests): one JSON request on loopback, no connection kept, a bounded wait. A node that
 * does not answer, or answers with something that is not JSON, reads as `undefined`.
 */
import { request } from 'node:http';

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

function call(address: string, method: 'GET' | 'POST', path: string, body: unknown, timeoutMs: number): Promise<{ status: number; text: string } | undefined> {
  const i = address.lastIndexOf(':');
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      {
        host: address.slice(0, i),
        port: Number(address.slice(i + 1)),
        method,
        path,
        agent: false,
        timeout: timeoutMs,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end(payload);
  });
}

function json(answer: { status: number; text: string } | undefined): JsonAnswer | undefined {
  if (answer === undefined) return undefined;
  try {
    return { status: answer.status, body: answer.text === '' ? undefined : (JSON.parse(answer.text) as unknown) };
  } catch {
    return undefined;
  }
}

/** GET a JSON document; undefined when the node does not answer 200 with JSON. */
export async function getJson(address: string, path: string, timeoutMs = 2000): Promise<unknown> {
  const answer = json(await call(address, 'GET', path, undefined, timeoutMs));
  return answer?.status === 200 ? answer.body : undefined;
}

/** GET a text document (/metrics); undefined when the node does not answer 200. */
export async function getText(address: string, path: string, timeoutMs = 2000): Promise<string | undefined> {
  const answer = await call(address, 'GET', path, undefined, timeoutMs);
  return answer?.status === 200 ? answer.text : undefined;
}

/** POST a JSON body; the status and JSON answer, or undefined when the node does not answer. */
export async function postJson(address: string, path: string, body: unknown, timeoutMs = 5000): Promise<JsonAnswer | undefined> {
  return json(await call(address, 'POST', path, body, timeoutMs));
}
