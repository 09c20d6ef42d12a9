// GraphiQL served from the installed package: `@graphql-yoga/render-graphiql` inlines GraphiQL's
// scripts, styles and editor workers, so the page works with no network (Yoga's default loads
// them from unpkg). It opens on the Today page's document, with how to sign in above it.
import { readFileSync } from "node:fs";
import type { GraphiQLOptions } from "graphql-yoga";
import { DEMO_DEFAULTS } from "./db/seed/demo.ts";
import { projectPath } from "./paths.ts";

const todayDocument = readFileSync(projectPath("src", "today", "today.graphql"), "utf8");

/** The signIn call shown in GraphiQL; only development names the demo account. */
function signInHint(showDemoAccount: boolean): string {
  const email = showDemoAccount ? DEMO_DEFAULTS.email : "you@example.com";
  const password = showDemoAccount ? DEMO_DEFAULTS.password : "your password";
  return [
    "# Today Gateway: the web Today page's document (src/today/today.graphql).",
    "#",
    `# 1. Sign in${showDemoAccount ? " as the demo user (development only)" : ""}: run this in a new tab`,
    `#      mutation SignIn { signIn(input: { email: "${email}", password: "${password}" }) { token } }`,
    "# 2. Open the Headers tab below and set",
    '#      { "Authorization": "Bearer <the token>" }',
    '# 3. Run TodayPage. Variables: { "date": "2026-01-31" } for another day (default: today in your time zone).',
    "",
  ].join("\n");
}

export function graphiqlOptions(options: { showDemoAccount: boolean }): GraphiQLOptions {
  return {
    title: "Today Gateway",
    defaultQuery: signInHint(options.showDemoAccount) + todayDocument.replace(/^(#.*\n)+\n?/, ""),
  };
}

let rendered: { key: string; html: string } | undefined;

/**
 * Yoga's `renderGraphiQL` hook: the ~9 MB page is built once per option set, not per request.
 * The package is loaded on the first GraphiQL request only: its inlined bundle is ~30 MiB of
 * heap, which a production gateway (GraphiQL off) would otherwise hold for nothing.
 */
export async function renderOfflineGraphiQL(options: GraphiQLOptions): Promise<string> {
  const key = JSON.stringify(options);
  if (rendered?.key !== key) {
    const { renderGraphiQL } = await import("@graphql-yoga/render-graphiql");
    rendered = { key, html: renderGraphiQL(options) };
  }
  return rendered.html;
}
