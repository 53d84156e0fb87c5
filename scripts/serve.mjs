// Serves the built app (dist/) like `vite preview`, with the same CSP, and prints its URL.
import { preview } from 'vite';

const server = await preview({ preview: { port: Number(process.env.PORT ?? 4173), host: process.env.HOST ?? '127.0.0.1' } });
const url = server.resolvedUrls?.local[0] ?? 'http://localhost:4173/';
console.log(`\nvqscope is being served at ${url}\nOpen it in a browser; the example traces are on the first screen. Stop with Ctrl+C.\n`);
