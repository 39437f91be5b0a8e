import { graphql } from './generated';

// Every GraphQL document the console sends, with the fragments they share. `npm run codegen`
// turns each into a typed document (src/api/generated): its result and variables are
// typed from the gateway's SDL, so a field the schema lacks fails the typecheck.

graphql(`
  fragment TenantSummary on Tenant {
    id
    name
    isActive
    status
    provisioningError
    lastProvisioningAttempt
    adminEmail
    database {
      mode
      name
      host
    }
    createdAt
    updatedAt
    version
  }
`);

graphql(`
  fragment OperationDetail on Operation {
    id
    tenantId
    kind
    status
    priority
    requestedBy
    requestedAt
    startedAt
    finishedAt
    attempt
    step
    stepName
    steps {
      step
      stepName
      startedAt
      finishedAt
    }
    error
  }
`);

graphql(`
  fragment PageDetail on PageInfo {
    hasNextPage
    endCursor
  }
`);

graphql(`
  fragment OperationPage on OperationConnection {
    nodes {
      ...OperationDetail
    }
    pageInfo {
      ...PageDetail
    }
    totalCount
  }
`);

graphql(`
  fragment HistoryEvent on TenantEvent {
    type
    version
    occurredAt
    data
  }
`);

graphql(`
  fragment HistoryPage on TenantEventConnection {
    nodes {
      ...HistoryEvent
    }
    pageInfo {
      ...PageDetail
    }
    totalCount
  }
`);

graphql(`
  fragment TenantDetail on Tenant {
    ...TenantSummary
    currentOperation {
      ...OperationDetail
    }
    operationsConnection(first: 20) {
      ...OperationPage
    }
    historyConnection(first: 20) {
      ...HistoryPage
    }
  }
`);

graphql(`
  fragment AcceptedRequest on Accepted {
    tenantId
    operationId
    status
    version
  }
`);

graphql(`
  fragment SignedInUser on User {
    id
    email
    tenantId
    roles
  }
`);

graphql(`
  fragment SessionDetail on Session {
    token
    expiresAt
    user {
      ...SignedInUser
    }
  }
`);

graphql(`
  fragment NotificationDetail on Notification {
    cursor
    type
    tenantId
    operationId
    message
    error
    step
    occurredAt
  }
`);

export const LOGIN = graphql(`
  mutation Login($tenant: ID!, $email: String!, $password: String!) {
    login(tenant: $tenant, email: $email, password: $password) {
      ...SessionDetail
    }
  }
`);

/** A page of the tenant list, newest first: `search` is an id or name prefix. */
export const TENANTS = graphql(`
  query Tenants($status: ProvisioningStatus, $search: String, $first: Int, $after: Cursor) {
    tenantsConnection(status: $status, search: $search, first: $first, after: $after) {
      nodes {
        ...TenantSummary
      }
      pageInfo {
        ...PageDetail
      }
      totalCount
    }
  }
`);

export const TENANT = graphql(`
  query Tenant($id: ID!) {
    tenant(id: $id) {
      ...TenantDetail
    }
  }
`);

/** Apart from TENANT: it reads the tenant's own database, which may be slow or unreachable. */
export const TENANT_SCHEMA = graphql(`
  query TenantSchema($id: ID!) {
    tenant(id: $id) {
      id
      migrations
      pendingMigrations
    }
  }
`);

/** The tenant's operations after the 20 its detail has: "load more". */
export const TENANT_OPERATIONS = graphql(`
  query TenantOperations($id: ID!, $first: Int, $after: Cursor) {
    tenant(id: $id) {
      id
      operationsConnection(first: $first, after: $after) {
        ...OperationPage
      }
    }
  }
`);

/** The tenant's events after the 20 its detail has: "load more". */
export const TENANT_HISTORY = graphql(`
  query TenantHistory($id: ID!, $first: Int, $after: Cursor) {
    tenant(id: $id) {
      id
      historyConnection(first: $first, after: $after) {
        ...HistoryPage
      }
    }
  }
`);

export const OPERATIONS = graphql(`
  query Operations($status: OperationStatus, $kind: OperationKind, $tenantId: ID, $first: Int, $after: Cursor) {
    operationsConnection(status: $status, kind: $kind, tenantId: $tenantId, first: $first, after: $after) {
      ...OperationPage
    }
    queueStats {
      queued
      running
      succeeded
      failed
      redelivered
      workers
    }
  }
`);

export const CREATE_TENANT = graphql(`
  mutation CreateTenant($input: CreateTenantInput!) {
    createTenant(input: $input) {
      ...AcceptedRequest
    }
  }
`);

export const UPDATE_TENANT = graphql(`
  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {
    updateTenant(id: $id, input: $input) {
      ...AcceptedRequest
    }
  }
`);

export const RETRY_TENANT = graphql(`
  mutation Retry($id: ID!) {
    retryTenantProvisioning(id: $id) {
      ...AcceptedRequest
    }
  }
`);

export const CANCEL_TENANT = graphql(`
  mutation Cancel($id: ID!) {
    cancelTenantOperation(id: $id) {
      ...AcceptedRequest
    }
  }
`);

export const DELETE_TENANT = graphql(`
  mutation Delete($id: ID!) {
    deleteTenant(id: $id) {
      ...AcceptedRequest
    }
  }
`);

export const NOTIFICATIONS_SUBSCRIPTION = graphql(`
  subscription Notifications($after: Cursor, $scope: NotificationScope) {
    notifications(after: $after, scope: $scope) {
      ...NotificationDetail
    }
  }
`);

export const TENANT_CHANGED_SUBSCRIPTION = graphql(`
  subscription TenantChanged($id: ID!) {
    tenantChanged(id: $id) {
      ...TenantDetail
    }
  }
`);
