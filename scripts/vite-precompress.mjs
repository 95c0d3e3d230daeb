// A Vite build plugin shared by the console and the portal: writes .br and .gz next to every built
// script, stylesheet and SVG, which the server's static handler (@fastify/static `preCompressed`)
// sends to browsers that accept them — a phone on a slow network downloads a third of the bytes.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** @returns {import('vite').Plugin} */
export function precompress() {
  let outDir = '';
  return {
    name: 'mpw-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const dir = path.join(outDir, 'assets');
      for (const f of readdirSync(dir)) {
        if (!/\.(js|css|svg)$/.test(f)) continue;
        const buf = readFileSync(path.join(dir, f));
        writeFileSync(path.join(dir, `${f}.br`), brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(path.join(dir, `${f}.gz`), gzipSync(buf, { level: 9 }));
      }
    },
  };
}
