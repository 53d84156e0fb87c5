/**
 * The served app's Content Security Policy: no inline script, no eval; workers from our origin
 * only. One definition for every server of the app: `vite preview`, `npm start`, `vqscope open`.
 */
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
