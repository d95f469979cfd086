import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.BRYGGA_API_URL ?? 'http://localhost:3000';

/**
 * The web client. `npm run build` puts it in dist/web, which the api serves (apps/api/src/web-client.ts).
 * JSX is compiled by Vite's own transformer (automatic runtime); no Babel.
 */
export default defineConfig({
  root: here,
  base: '/',
  // Icons for the installable app (apps/web/public/icons, rendered by scripts/make-pwa-icons.mjs).
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  plugins: [
    // The installable app (docs/web-client.md): Workbox precaches the app shell and static files only.
    // Nothing from /api, /auth, /fhir or /socket.io is ever cached: patient data offline needs an
    // encrypted store first. 'prompt': a new version waits until the user chooses to update
    // (apps/web/src/pwa), so an open form is never reloaded away.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Brygga – trygg hemgång',
        short_name: 'Brygga',
        description: 'Säkra meddelanden mellan sjukhus, kommun och hemtjänst inför och efter hemgång.',
        lang: 'sv',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f5f8b',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,woff2}'],
        globIgnores: ['**/*.map'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/(api|auth|fhir|socket\.io)(\/|$)/],
        // Precaching is the only cache: no runtime caching rule exists, so api answers go to the network only.
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        // Web Push (docs/notifications.md): a push shows the notice, a tap opens the thread after login.
        importScripts: ['/push-sw.js'],
        sourcemap: false,
      },
    }),
  ],
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
