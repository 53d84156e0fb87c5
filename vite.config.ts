import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The served app's Content Security Policy: no inline script, no eval; workers from our origin only.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob: *",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export default defineConfig({
  root: 'app',
  publicDir: '../public',
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  preview: { port: 4173, strictPort: true, headers: { 'Content-Security-Policy': CSP } },
});
