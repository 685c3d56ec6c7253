/**
 * The control socket: a Unix socket in DATA_DIR through which the command-line tool runs its commands
 * inside a server that already holds the embedded database (PGlite allows one process per directory).
 * Only the directory's owner can reach it.
 */
import { chmod, unlink } from 'node:fs/promises';
import http from 'node:http';
import type { ErrorBodyV1 } from '../../shared/errors';
import { AppError } from '../errors';

export interface ControlRequest {
  argv: string[];
  files: Record<string, string>;
}

export type ControlHandler = (req: ControlRequest) => Promise<string>;

/** Whether a server answers on the socket (a stale file left by a crash does not count). */
export async function controlAlive(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath, path: '/ping', method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export async function startControlServer(socketPath: string, handler: ControlHandler): Promise<{ close(): Promise<void> }> {
  if (await controlAlive(socketPath)) {
    throw new Error(`another CityOps server is already using this data directory (${socketPath} answers); stop it or set DATA_DIR`);
  }
  await unlink(socketPath).catch(() => {});
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/ping') return send(200, { ok: true });
    if (req.method !== 'POST' || req.url !== '/run') return send(404, new AppError('not-found', 404, 'unknown control route').toBody());
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ControlRequest;
      send(200, { output: await handler(body) });
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('internal', 500, (err as Error).message);
      send(e.status, e.toBody());
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  await chmod(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        unlink(socketPath).catch(() => {});
      }),
  };
}

export async function callControl(socketPath: string, request: ControlRequest): Promise<string> {
  const payload = JSON.stringify(request);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath, path: '/run', method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { output?: string } & Partial<ErrorBodyV1>;
          if (res.statusCode === 200 && typeof body.output === 'string') resolve(body.output);
          else reject(new AppError((body.error?.code ?? 'internal') as AppError['code'], res.statusCode ?? 500, body.error?.message ?? 'control call failed', body.error?.details));
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
