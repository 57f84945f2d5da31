/**
 * A peer's operations endpoint (Fabric's operations.listenAddress): `GET /healthz` (200
 * `{"status":"OK","time":...}` while healthy, 503 with the failed checks otherwise, as Fabric's
 * healthz handler answers), `GET /metrics` (Prometheus text from the registry), and `GET /status`
 * (this project's: the peer's view, role and height as JSON, what `network status` prints)
 * ([GEN-FUNC-RUNTIME-OPERATIONS.1]); and, for a node that has them, admin calls as `POST` with a
 * JSON body (the ordering service's block cuts and anchor-peer updates, [GEN-FUNC-RUNTIME-ORDERER-ADMIN.1]).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OpsSources {
  /** Failed health checks by name (none: healthy). */
  health(): readonly { component: string; reason: string }[];
  metrics(): Promise<string>;
  status(): unknown;
  /** Admin calls (`POST` with a JSON body); absent: every POST is 405. */
  post?(path: string, body: unknown): { status: number; body: unknown };
}

/** Bodies of admin calls are small JSON documents. */
const MAX_BODY_BYTES = 64 * 1024;

export class OpsServer {
  private constructor(private readonly server: Server, readonly port: number, readonly host: string) {}

  static async listen(host: string, port: number, sources: OpsSources): Promise<OpsServer> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method === 'POST' && sources.post !== undefined) {
        const post = (at: string, value: unknown) => (sources.post as NonNullable<OpsSources['post']>)(at, value);
        let body = '';
        let tooLarge = false;
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > MAX_BODY_BYTES) tooLarge = true;
        });
        req.on('end', () => {
          if (tooLarge) return void res.writeHead(413).end();
          let value: unknown;
          try {
            value = body === '' ? {} : (JSON.parse(body) as unknown);
          } catch {
            return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the body is not JSON' }));
          }
          let answer: { status: number; body: unknown };
          try {
            answer = post(path, value);
          } catch (e) {
            answer = { status: 500, body: { error: String(e) } };
          }
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
        });
        return;
      }
      if (req.method !== 'GET') {
        res.writeHead(405).end();
        return;
      }
      if (path === '/healthz') {
        const failed = sources.health();
        const body = failed.length === 0 ? { status: 'OK', time: new Date().toISOString() } : { status: 'Service Unavailable', time: new Date().toISOString(), failed_checks: failed };
        res.writeHead(failed.length === 0 ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      } else if (path === '/metrics') {
        sources.metrics().then(
          (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
          (e: unknown) => res.writeHead(500).end(String(e)),
        );
      } else if (path === '/status') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sources.status()));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return new OpsServer(server, (server.address() as AddressInfo).port, host);
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
