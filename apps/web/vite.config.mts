import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.BRYGGA_API_URL ?? 'http://localhost:3000';

/**
 * The web client. `npm run build` puts it in dist/web, which the api serves (apps/api/src/web-client.ts).
 * JSX is compiled by Vite's own transformer (automatic runtime); no Babel.
 */
export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  // The one lib the client shares with the api (plain TypeScript: enums, payloads, socket events).
  resolve: { alias: { '@brygga/contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)) } },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // TanStack Query marks its files "use client" (for React Server Components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // `npm run dev:web`: the client with hot reload on :5173, the api behind it (start it with npm start).
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      '/auth': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
