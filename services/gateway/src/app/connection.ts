/**
 * A page of a list as GraphQL's connections and REST's paged list show it (Relay's
 * connection model): the edges with their cursors, the page's info, and the count of
 * everything the filter matches, computed only when asked for (one more query).
 */
import type { Page, PageRequest } from '@tenantry/read-model';
import { EdgeError } from '../errors';

/** The largest page; asking for more is refused (not shortened), so clients learn the cap at once. */
export const MAX_PAGE_SIZE = 100;

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: false; startCursor: string | null; endCursor: string | null };
  /** GraphQL's default resolver calls it only when the query selects `totalCount`. */
  totalCount: () => Promise<number>;
}

export function connectionOf<T>(page: Page<T>, count: () => Promise<number>): Connection<T> {
  return {
    edges: page.edges,
    nodes: page.edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: page.edges[0]?.cursor ?? null,
      endCursor: page.edges.at(-1)?.cursor ?? null,
    },
    totalCount: count,
  };
}

/** What the client named the page size and the cursor: GraphQL `first`/`after`, REST `limit`/`cursor`. */
export interface PageParameterNames {
  first: string;
  after: string;
}

export const GRAPHQL_PAGE_PARAMETERS: PageParameterNames = { first: 'first', after: 'after' };

/** `first` within 0..MAX_PAGE_SIZE, else BAD_USER_INPUT naming the parameter. */
export function pageRequest(
  first: number,
  after: string | null | undefined,
  names: PageParameterNames = GRAPHQL_PAGE_PARAMETERS,
): PageRequest & { names: PageParameterNames } {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE)
    throw new EdgeError('BAD_USER_INPUT', `${names.first} must be between 0 and ${MAX_PAGE_SIZE}.`, [
      { field: names.first, message: `Must be an integer from 0 to ${MAX_PAGE_SIZE}.` },
    ]);
  return { first, ...(after === null || after === undefined ? {} : { after }), names };
}

/** Runs a page read; a cursor the list did not give out becomes BAD_USER_INPUT naming the parameter. */
export async function readPage<T>(
  request: { names: PageParameterNames },
  read: () => Promise<Page<T>>,
): Promise<Page<T>> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidCursor')
      throw new EdgeError('BAD_USER_INPUT', 'Invalid cursor', [
        { field: request.names.after, message: 'Not a cursor this list gave out.' },
      ]);
    throw error;
  }
}
