import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EdgeError } from '../errors';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from '../errors/to-problem';

/** HTTP_MAX_BODY_BYTES's default, for a handler built without the setting. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function sendProblem(res: ServerResponse, problem: ProblemDetails, headers: Record<string, string> = {}): void {
  res.writeHead(problem.status, { 'content-type': PROBLEM_CONTENT_TYPE, ...headers });
  res.end(JSON.stringify(problem));
}

const badBody = (message: string) => new EdgeError('BAD_USER_INPUT', message, [{ field: 'body', message }]);

/** The request's JSON object body; `{}` when empty. Over `maxBytes` (announced or read): 413. */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<Record<string, unknown>> {
  const tooLarge = () => new EdgeError('PAYLOAD_TOO_LARGE', `Request body is over ${maxBytes} bytes.`);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  if (!isUtf8(bytes)) throw badBody('Request body must be UTF-8.');
  const text = bytes.toString('utf8').trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badBody('Request body must be JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badBody('Request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** A request header's first value; undefined when absent. */
export const headerValue = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};
