// The provider sandbox (sandbox/, a Rust binary) and a callback receiver for OY, as the
// end-to-end tests run them: on 127.0.0.1, on free ports, stopped when the tests end.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
export const SANDBOX_BINARY = `${REPOSITORY}target/release/kyc-precheck-sandbox`;

/** Building the sandbox from scratch takes about a minute on two cores; allow ten. */
const BUILD_TIMEOUT_MS = 10 * 60_000;
const START_TIMEOUT_MS = 15_000;

/**
 * Builds the sandbox when its release binary is missing (an existing one is reused:
 * `cargo build --release -p kyc-precheck-sandbox` refreshes it). Throws if the build fails.
 */
export function ensureSandboxBinary() {
  if (existsSync(SANDBOX_BINARY)) {
    return;
  }
  console.log('# building the sandbox: cargo build --release -p kyc-precheck-sandbox');
  const build = spawnSync('cargo', ['build', '--release', '-p', 'kyc-precheck-sandbox'], {
    cwd: REPOSITORY,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: BUILD_TIMEOUT_MS,
  });
  if (build.error || build.status !== 0 || !existsSync(SANDBOX_BINARY)) {
    throw new Error(`could not build the sandbox: ${build.error?.message ?? `cargo exited with ${build.status}`}`);
  }
}

/**
 * Starts the sandbox with --relay on a free port and resolves once it prints
 * `sandbox listening on http://127.0.0.1:PORT/`. Its later lines (one per request) are
 * kept in `lines`.
 */
export async function startSandbox({ callbackUrl, callbackDelayMs = 200 } = {}) {
  const args = ['--port', '0', '--relay', '--root', REPOSITORY, '--callback-delay-ms', String(callbackDelayMs)];
  if (callbackUrl) {
    args.push('--callback-url', callbackUrl);
  }
  const child = spawn(SANDBOX_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });

  const url = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sandbox did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited with ${code} before listening: ${stderr}`));
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        lines.push(line);
        const match = /^sandbox listening on (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      }
    });
  });
  child.removeAllListeners('exit');

  const control = async (path, init) => {
    const response = await fetch(new URL(path, url), { ...init, signal: AbortSignal.timeout(5_000) });
    if (!response.ok) {
      throw new Error(`${init?.method ?? 'GET'} ${path}: HTTP ${response.status}`);
    }
    return response.json();
  };

  return {
    url,
    lines,
    /** The request log, oldest first. */
    log: () => control('/__sandbox/log'),
    /** Provider requests only (not OY's outbound callbacks). */
    providerRequests: async () =>
      (await control('/__sandbox/log')).filter((entry) => entry.direction === 'inbound' && entry.provider),
    clearLog: () => control('/__sandbox/log', { method: 'DELETE' }),
    /** Stops it at once, synchronously: for a run that must exit now. */
    kill: () => child.kill('SIGKILL'),
    /** `/__sandbox/fail-next` with the given parameters ({ status, count, delayMs }). */
    failNext: (parameters) => control(`/__sandbox/fail-next?${new URLSearchParams(parameters)}`),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A tiny HTTP server on 127.0.0.1 standing for the integrator's callback endpoint: it
 * keeps every POST's path and JSON body, and answers 200.
 */
export async function startCallbackReceiver() {
  const received = [];
  const waiters = new Set();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = { unparsed: text };
      }
      received.push({ method: request.method, path: request.url, body });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"received":true}');
      for (const waiter of waiters) {
        waiter();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/oy-callback`,
    received,
    /** Resolves with the first callback `matches` accepts, or rejects after `timeoutMs`. */
    waitFor(matches, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(matches);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching callback within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
