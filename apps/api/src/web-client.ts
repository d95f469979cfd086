import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOGIN_LINKS, page } from '@brygga/auth';

/** Paths the api answers itself; everything else that asks for HTML is the web client's. */
const API_PREFIXES = ['/api/', '/auth/', '/socket.io/'];
const isApiPath = (path: string): boolean => path === '/api' || path === '/auth' || API_PREFIXES.some((p) => path.startsWith(p));

/** The repository (or image) root: the nearest folder above this file with a package.json. */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Where `vite build` puts the web client (apps/web/vite.config.ts). */
export function webClientDir(): string {
  return process.env.BRYGGA_WEB_DIR ?? join(projectRoot(__dirname), 'dist', 'web');
}

/** A strong ETag per distinct page text, computed once (index.html is read once). */
const etags = new Map<string, string>();
function etagOf(text: string): string {
  let tag = etags.get(text);
  if (!tag) etags.set(text, (tag = `"${createHash('sha1').update(text).digest('base64url')}"`));
  return tag;
}

const notBuilt = (): string =>
  page(
    'Brygga',
    [
      'Webbklienten är inte byggd på den här servern. Kör npm run build (eller npm start, som bygger först) och ladda om sidan.',
      'Inloggningen och API:t fungerar ändå.',
    ],
    LOGIN_LINKS,
  );

/**
 * Serves the built web client: hashed assets with a long cache, and index.html for every other
 * GET that asks for HTML and is not an api, login or socket path (the client routes itself).
 * The files are public: they hold no data; every piece of data comes through the guarded api.
 * Without `sourceMaps` (production), `.map` files answer 404.
 */
export function webClient(dir = webClientDir(), options: { sourceMaps: boolean } = { sourceMaps: true }): express.RequestHandler[] {
  const indexFile = join(dir, 'index.html');
  let indexHtml: string | undefined;
  const readIndex = (): string | undefined => {
    if (indexHtml === undefined && existsSync(indexFile)) indexHtml = readFileSync(indexFile, 'utf8');
    return indexHtml;
  };
  const assets = express.static(dir, {
    index: false,
    redirect: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const staticFiles = (req: Request, res: Response, next: NextFunction): void => {
    if (isApiPath(req.path)) return next();
    // Source maps give the client's whole source away: served only outside production.
    if (!options.sourceMaps && req.path.endsWith('.map')) {
      res.status(404).type('text').send('Finns inte.');
      return;
    }
    assets(req, res, next);
  };
  const spaFallback = (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || req.path.startsWith('/assets/')) return next();
    if (req.accepts(['html', 'json']) !== 'html') return next();
    const html = readIndex() ?? notBuilt();
    res.setHeader('Cache-Control', 'no-cache');
    // The app computes no ETags (bootstrap): the page's own lets a browser revalidate it (304).
    res.setHeader('ETag', etagOf(html));
    res.type('html').send(html);
  };
  return [staticFiles, spaFallback];
}
