// Operational settings from the environment, read once per gateway. README "Operations" lists them.

export interface HttpConfig {
  /** Browser origins allowed to call the API with credentials (CORS_ORIGINS, comma-separated). */
  corsOrigins: ReadonlySet<string>;
  /** Peers whose X-Forwarded-For is believed (TRUSTED_PROXIES, comma-separated IPs). */
  trustedProxies: ReadonlySet<string>;
  /** GRAPHQL_INTROSPECTION=true|false; default on only in development and test (GraphiQL needs it). */
  introspection: boolean;
  /** GraphiQL is served where introspection is on. */
  graphiql: boolean;
  /** Where users reach the web page, for links in mail (PUBLIC_URL: publicUrl below). */
  publicUrl: string;
  /** How accounts are created (SIGN_UP_MODE: signUpMode below). */
  signUpMode: "open" | "verify";
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  return /^(1|true|yes|on)$/i.test(value.trim());
}

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === "production";
}

export function readHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  const production = isProduction(env);
  const port = env.PORT ?? "4000";
  const corsOrigins = list(env.CORS_ORIGINS);
  // In development the gateway's own origin (GraphiQL, the web page it serves) is allowed by default.
  if (corsOrigins.length === 0 && !production) corsOrigins.push(`http://localhost:${port}`, `http://127.0.0.1:${port}`);
  const introspection = flag(env.GRAPHQL_INTROSPECTION) ?? !production;
  return {
    corsOrigins: new Set(corsOrigins),
    trustedProxies: new Set(list(env.TRUSTED_PROXIES).map(normalizeIp)),
    introspection,
    graphiql: introspection,
    publicUrl: publicUrl(env),
    signUpMode: signUpMode(env),
  };
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
export function normalizeIp(ip: string): string {
  return ip.startsWith("::ffff:") && ip.includes(".") ? ip.slice("::ffff:".length) : ip;
}

/**
 * SIGN_UP_MODE: `verify` (production default) creates accounts only through a mailed link, so
 * sign-up never tells whether an address is taken; `open` (the default elsewhere) also allows
 * `signUp`, which signs in at once and answers CONFLICT for a taken address.
 */
export function signUpMode(env: NodeJS.ProcessEnv = process.env): "open" | "verify" {
  const mode = env.SIGN_UP_MODE?.trim().toLowerCase();
  if (mode === "open" || mode === "verify") return mode;
  if (mode) throw new Error(`SIGN_UP_MODE must be open or verify, got ${JSON.stringify(env.SIGN_UP_MODE)}`);
  return isProduction(env) ? "verify" : "open";
}

/** PUBLIC_URL: where users reach the web page (links in mail). Default http://localhost:PORT. */
export function publicUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? "4000"}`).replace(/\/+$/, "");
}
