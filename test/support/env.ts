/**
 * The PostgreSQL server tests use when TEST_DATABASE_URL is set (else: embedded PGlite).
 * Destructive setup (CREATE/DROP DATABASE) is refused unless the URL names a test database.
 */
export function testDatabaseUrl(): URL | null {
  const raw = process.env.TEST_DATABASE_URL;
  if (!raw) return null;
  const url = new URL(raw);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against "${name}": TEST_DATABASE_URL must name a test database`);
  }
  return url;
}

export function withDatabaseName(url: URL, name: string): string {
  const copy = new URL(url.toString());
  copy.pathname = `/${name}`;
  return copy.toString();
}
