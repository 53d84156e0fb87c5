import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { CSP } from './app/csp.ts';

export { CSP };

export default defineConfig({
  root: 'app',
  publicDir: '../public',
  // Relative asset URLs, so that `vqscope open` can serve the same build under its per-run token path.
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  preview: { port: 4173, strictPort: true, headers: { 'Content-Security-Policy': CSP } },
});
