import { createSchema, createYoga } from 'graphql-yoga';
import { useRequestBodyLimit } from './use-request-body-limit';

const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { echo(text: String!): String! }',
    resolvers: { Query: { echo: (_: unknown, { text }: { text: string }) => text } },
  }),
  maxRequestBodySize: false,
  plugins: [useRequestBodyLimit(1_000)],
});

const query = (text: string) =>
  JSON.stringify({ query: 'query($t: String!) { echo(text: $t) }', variables: { t: text } });

/** A body without Content-Length, as a chunked upload sends it. */
const streamed = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  yoga.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

describe('the request body limit', () => {
  it('serves a body with a Content-Length within the limit', async () => {
    const body = query('hello');
    const response = await post(body, { 'content-length': String(Buffer.byteLength(body)) });
    expect(await response.json()).toEqual({ data: { echo: 'hello' } });
  });

  it('answers 413 to a declared length over the limit, and 400 to an invalid one', async () => {
    expect((await post(query('x'), { 'content-length': '1001' })).status).toBe(413);
    expect((await post(query('x'), { 'content-length': '10, 10' })).status).toBe(400);
  });

  it('counts a body without a length: within the limit it is served, beyond it refused with 413', async () => {
    const small = await post(streamed(query('hello')));
    expect(await small.json()).toEqual({ data: { echo: 'hello' } });
    expect((await post(streamed(query('x'.repeat(2_000))))).status).toBe(413);
  });
});
