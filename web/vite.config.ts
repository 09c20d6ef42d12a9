// The web Today page. `npm run dev:web`: Vite with hot reload on :5173, /graphql proxied to the
// gateway (`npm start`, :4000). `npm run build:web` (also postinstall) writes web/dist, which
// `npm start` serves at /.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const webDir = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const gateway = process.env.GATEWAY_URL ?? `http://localhost:${process.env.PORT ?? 4000}`;

export default defineConfig({
  root: webDir,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: { "/graphql": gateway, "/web-config.json": gateway },
    // The typed documents are generated under src/generated/graphql (codegen.ts).
    fs: { allow: [repoRoot] },
  },
});
