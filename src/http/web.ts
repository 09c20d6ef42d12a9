// The HTTP entry point: the built web Today page (web/dist) as static files, everything else
// (/graphql, and whatever else the gateway serves) to Yoga. The page is built by `npm install`
// (postinstall) and again by `npm start` when web sources are newer than the build.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import sirv from "sirv";
import type { Gateway } from "../server.ts";
import { projectPath } from "../paths.ts";

export const WEB_DIR = projectPath("web");
export const WEB_DIST = join(WEB_DIR, "dist");

// Scripts and styles come from this origin only; the page talks to /graphql on it.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export interface HttpHandlerOptions {
  webRoot?: string;
  /** Prefilled on the page's sign-in form: the demo account in development, never in production. */
  demoAccount?: { email: string; password: string } | null;
}

export function createHttpHandler(gateway: Gateway, options: HttpHandlerOptions = {}): RequestListener {
  const webRoot = options.webRoot ?? WEB_DIST;
  const toGateway = (request: IncomingMessage, response: ServerResponse) => void gateway(request, response);
  if (!existsSync(join(webRoot, "index.html"))) return toGateway;
  const webConfig = JSON.stringify({ demoAccount: options.demoAccount ?? null });
  const assets = sirv(webRoot, {
    etag: true,
    setHeaders(response, pathname) {
      // Vite names built assets by content hash: they never change under the same name.
      if (pathname.startsWith("/assets/")) response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      else response.setHeader("Cache-Control", "no-cache");
      response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      response.setHeader("X-Content-Type-Options", "nosniff");
    },
  });
  return (request, response) => {
    const isRead = request.method === "GET" || request.method === "HEAD";
    const path = (request.url ?? "/").split("?")[0];
    if (!isRead || path === "/graphql" || path.startsWith("/graphql/")) return toGateway(request, response);
    if (path === "/web-config.json") {
      response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      return void response.end(webConfig);
    }
    // A path that is not a built file (health checks, metrics, …) falls through to the gateway.
    assets(request, response, () => toGateway(request, response));
  };
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "dist" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when web/dist is missing or older than a web source or the generated documents. */
export function webBuildIsStale(): boolean {
  const built = join(WEB_DIST, "index.html");
  if (!existsSync(built)) return true;
  const generated = projectPath("src", "generated", "graphql");
  const sources = Math.max(newestMtime(WEB_DIR), existsSync(generated) ? newestMtime(generated) : 0);
  return sources > statSync(built).mtimeMs;
}

/**
 * Builds the page with Vite (a dev dependency) when stale, in a child process with
 * NODE_ENV=production (React's production build whatever this process runs as). False when it
 * cannot build (Vite not installed) and no earlier build exists.
 */
export async function ensureWebBuild(log: (line: string) => void = console.log): Promise<boolean> {
  if (!webBuildIsStale()) return true;
  let viteBin: string;
  try {
    viteBin = join(dirname(createRequire(import.meta.url).resolve("vite/package.json")), "bin", "vite.js");
  } catch {
    log("Web page: not built and Vite is not installed (npm install); serving GraphQL only");
    return existsSync(join(WEB_DIST, "index.html"));
  }
  log("Web page: building web/ with Vite…");
  await promisify(execFile)(process.execPath, [viteBin, "build", "--config", join(WEB_DIR, "vite.config.ts"), "--logLevel", "warn"], {
    env: { ...process.env, NODE_ENV: "production" },
  });
  return true;
}
