import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from '../../scripts/vite-precompress.mjs';

/** Where `vite dev` / `vite preview` send /api (the server's default port unless MPW_API_URL says otherwise). */
const API_TARGET = process.env.MPW_API_URL ?? 'http://localhost:8080';

// The portal is served by the API server under /portal/ (BrowserRouter basename '/portal').
// Keep the first load small: every route is lazy; no antd, no echarts, no zod at runtime.
export default defineConfig({
  base: '/portal/',
  plugins: [react(), precompress()],
  resolve: {
    // npm hoists react@18 to the repo root (a peer of antd-mobile's react-spring) while this app has
    // react@19 in its own node_modules; make every package (antd, rc-*, ...) use the app's single copy.
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2019',
    cssCodeSplit: true,
  },
  server: {
    port: 5174,
    proxy: { '/api': { target: API_TARGET, changeOrigin: false } },
  },
  preview: {
    port: 5174,
    proxy: { '/api': { target: API_TARGET, changeOrigin: false } },
  },
});
