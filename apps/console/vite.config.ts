import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from '../../scripts/vite-precompress.mjs';

/** Where `vite dev` / `vite preview` send /api (the server's default port unless MPW_API_URL says otherwise). */
const API_TARGET = process.env.MPW_API_URL ?? 'http://localhost:8080';

// The console is served by the API server at `/`; unknown non-/api paths fall back to index.html.
export default defineConfig({
  base: '/',
  plugins: [react(), precompress()],
  resolve: {
    // npm hoists react@18 to the repo root (a peer of antd-mobile's react-spring) while this app has
    // react@19 in its own node_modules; make every package (antd, rc-*, ...) use the app's single copy.
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/react-dom') || id.includes('node_modules/react/') || id.includes('node_modules/scheduler')) return 'react';
          if (id.includes('node_modules/react-router')) return 'router';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: API_TARGET, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: API_TARGET, changeOrigin: false } },
  },
});
