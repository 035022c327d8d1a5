import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message a local SMTP server received. */
export interface ReceivedMail {
  readonly to: readonly string[];
  /** The raw message as sent (headers and MIME parts). */
  readonly raw: string;
}

/**
 * A local SMTP server that keeps every message, and refuses recipients while `refuse` holds a
 * reason (answering 550, as a real server does for an unknown mailbox).
 */
export const localSmtp = async () => {
  const mails: ReceivedMail[] = [];
  const state = { refuse: null as string | null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    size: 20 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (state.refuse) {
        const error = Object.assign(new Error(state.refuse), { responseCode: 550 });
        callback(error);
      } else callback();
      void address;
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => {
        raw += chunk.toString("latin1");
      });
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    mails,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** A local server speaking Slack's incoming-webhook protocol: POST JSON, answer 200 "ok". */
export const localSlack = async () => {
  const posts: { path: string; body: { text: string; blocks: unknown[] } }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      posts.push({ path: req.url ?? "", body: JSON.parse(body) });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXX`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** The decoded text of a message's quoted-printable parts, to read what a mail client shows. */
export const decodeQuotedPrintable = (raw: string): string =>
  Buffer.from(
    raw
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");

/** The decoded body of a message's first MIME part of `contentType` (e.g. `text/html`). */
export const mimePart = (raw: string, contentType: string): string | null => {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1] ?? "");
  const escaped = boundaries.map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const separator = new RegExp(`\\r?\\n--(?:${escaped.join("|")})(?:--)?\\r?\\n`);
  for (const part of raw.split(separator)) {
    const [head = "", ...body] = part.split(/\r?\n\r?\n/);
    if (!new RegExp(`^Content-Type: ${contentType.replace("/", "\\/")}`, "im").test(head)) continue;
    const text = body.join("\n\n");
    if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) return decodeQuotedPrintable(text);
    if (/Content-Transfer-Encoding: base64/i.test(head))
      return Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8");
    return text;
  }
  return null;
};

/** A message's subject as a mail client shows it (header unfolded, encoded words decoded). */
export const mailSubject = (raw: string): string => {
  const header = /^Subject: (.*)$/m.exec(raw.replace(/\r?\n[ \t]+/g, " "))?.[1] ?? "";
  return header
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, word: string) => decodeQuotedPrintable(word.replace(/_/g, " ")));
};
