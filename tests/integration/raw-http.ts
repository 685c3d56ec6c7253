/** HTTP at the byte level for the framing tests, and a reporter's signed-in session. */
import net from 'node:net';
import { createUser } from '../../server/auth/users.service';
import type { TestServer } from './harness';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection (after the response, or with none). */
  closed: boolean;
}

/** Parses the first response in what a socket received; undefined while it is incomplete. */
export function parseResponse(data: Buffer, closed = false): RawResponse | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = data.subarray(end + 4);
  if (body.length < length) return undefined;
  return { status: Number(statusLine!.split(' ')[1]), headers, body: body.subarray(0, length).toString('utf8'), closed };
}

/** Opens a connection to the test server; `response` settles once a whole response arrived, `closed` when the server hangs up. */
export function connect(url: string): {
  socket: net.Socket;
  response: Promise<RawResponse>;
  closed: Promise<RawResponse | undefined>;
} {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => {}); // a reset after the server's answer is expected in some tests
  let data = Buffer.alloc(0);
  let gotResponse: (r: RawResponse) => void;
  const response = new Promise<RawResponse>((resolve) => (gotResponse = resolve));
  socket.on('data', (chunk: Buffer) => {
    data = Buffer.concat([data, chunk]);
    const r = parseResponse(data);
    if (r) gotResponse(r);
  });
  const closed = new Promise<RawResponse | undefined>((resolve) => socket.on('close', () => resolve(parseResponse(data, true))));
  return { socket, response, closed };
}

/** Sends bytes as they are and returns the response once the server closed the connection. */
export async function rawRequest(url: string, bytes: string | Buffer): Promise<RawResponse | undefined> {
  const c = connect(url);
  c.socket.write(bytes);
  return c.closed;
}

/** A reporter of `unit`, signed in: the cookie and CSRF token to send with writes. */
export async function signInReporter(s: TestServer, username: string, unit: string): Promise<{ cookie: string; csrf: string }> {
  const password = 'correct horse battery';
  await createUser(s.db, s.catalog, { username, displayName: username, role: 'reporter', unit, password });
  const login = await fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  return { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: (await login.json()).csrfToken };
}
