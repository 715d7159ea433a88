import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the stand-in for Directus received. */
export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Target {
  url: string;
  host: string;
  received: Received[];
  close(): Promise<void>;
}

/** A tiny JSON server standing in for Directus; answers the status asked for in `x-answer-status`. */
export async function startTarget(): Promise<Target> {
  const received: Received[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const entry = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    received.push(entry);
    const status = Number(req.headers["x-answer-status"] ?? 200);
    res.writeHead(status, { "content-type": "application/json", "x-target": "yes" });
    res.end(JSON.stringify({ data: { method: entry.method, url: entry.url, body: entry.body } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
