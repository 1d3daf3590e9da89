// @ts-check
/**
 * Serves the built demo (apps/web/dist) with the strict Content-Security-Policy it is made
 * for, so that what `pnpm --filter @spotrec/web preview` shows is what the browser test checks.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The policy the page must run under: scripts from the page's origin only, WebAssembly allowed. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves the files under `root` on `host:port` (port 0: any free port), each response with
 * the policy above; a path outside `root` or missing is a 404.
 *
 * @param {string} root
 * @param {{ port?: number, host?: string }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveStatic(root, options = {}) {
  const base = resolve(root);
  const { port = 0, host = '127.0.0.1' } = options;
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    const headers = {
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    const missing = () => {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found');
    };
    if (file !== base && !file.startsWith(base + sep)) return missing();
    stat(file).then(
      (info) => {
        if (!info.isFile()) return missing();
        const type = TYPES[/** @type {keyof typeof TYPES} */ (extname(file))];
        response.writeHead(200, { ...headers, 'Content-Type': type ?? 'application/octet-stream' });
        createReadStream(file).pipe(response);
      },
      () => missing(),
    );
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(undefined));
  });
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host}:${actual}/`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL('../dist', import.meta.url));
  const port = Number(process.env.PORT ?? 4173);
  const { url } = await serveStatic(root, { port });
  console.log(`spotrec demo at ${url} (Content-Security-Policy: ${CONTENT_SECURITY_POLICY})`);
}
