import type { IncomingMessage, ServerResponse } from 'node:http';
import { EdgeError } from '../errors';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from '../errors/to-problem';

const MAX_BODY_BYTES = 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function sendProblem(res: ServerResponse, problem: ProblemDetails, headers: Record<string, string> = {}): void {
  res.writeHead(problem.status, { 'content-type': PROBLEM_CONTENT_TYPE, ...headers });
  res.end(JSON.stringify(problem));
}

const badBody = (message: string) => new EdgeError('BAD_USER_INPUT', message, [{ field: 'body', message }]);

/** The request's JSON object body; `{}` when empty. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw badBody('Request body is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badBody('Request body must be JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badBody('Request body must be a JSON object.');
  return body as Record<string, unknown>;
}
