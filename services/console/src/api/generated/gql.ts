/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment TenantSummary on Tenant {\n    id\n    name\n    isActive\n    status\n    provisioningError\n    lastProvisioningAttempt\n    adminEmail\n    database {\n      mode\n      name\n      host\n    }\n    createdAt\n    updatedAt\n    version\n  }\n": typeof types.TenantSummaryFragmentDoc,
    "\n  fragment OperationDetail on Operation {\n    id\n    tenantId\n    kind\n    status\n    priority\n    requestedBy\n    requestedAt\n    startedAt\n    finishedAt\n    attempt\n    step\n    stepName\n    steps {\n      step\n      stepName\n      startedAt\n      finishedAt\n    }\n    error\n  }\n": typeof types.OperationDetailFragmentDoc,
    "\n  fragment PageDetail on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": typeof types.PageDetailFragmentDoc,
    "\n  fragment OperationPage on OperationConnection {\n    nodes {\n      ...OperationDetail\n    }\n    pageInfo {\n      ...PageDetail\n    }\n    totalCount\n  }\n": typeof types.OperationPageFragmentDoc,
    "\n  fragment HistoryEvent on TenantEvent {\n    type\n    version\n    occurredAt\n    data\n  }\n": typeof types.HistoryEventFragmentDoc,
    "\n  fragment HistoryPage on TenantEventConnection {\n    nodes {\n      ...HistoryEvent\n    }\n    pageInfo {\n      ...PageDetail\n    }\n    totalCount\n  }\n": typeof types.HistoryPageFragmentDoc,
    "\n  fragment TenantDetail on Tenant {\n    ...TenantSummary\n    currentOperation {\n      ...OperationDetail\n    }\n    operationsConnection(first: 20) {\n      ...OperationPage\n    }\n    historyConnection(first: 20) {\n      ...HistoryPage\n    }\n  }\n": typeof types.TenantDetailFragmentDoc,
    "\n  fragment AcceptedRequest on Accepted {\n    tenantId\n    operationId\n    status\n    version\n  }\n": typeof types.AcceptedRequestFragmentDoc,
    "\n  fragment SignedInUser on User {\n    id\n    email\n    tenantId\n    roles\n  }\n": typeof types.SignedInUserFragmentDoc,
    "\n  fragment SessionDetail on Session {\n    token\n    expiresAt\n    user {\n      ...SignedInUser\n    }\n  }\n": typeof types.SessionDetailFragmentDoc,
    "\n  fragment NotificationDetail on Notification {\n    cursor\n    type\n    tenantId\n    operationId\n    message\n    error\n    step\n    occurredAt\n  }\n": typeof types.NotificationDetailFragmentDoc,
    "\n  mutation Login($tenant: ID!, $email: String!, $password: String!) {\n    login(tenant: $tenant, email: $email, password: $password) {\n      ...SessionDetail\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Tenants($status: ProvisioningStatus, $search: String, $first: Int, $after: Cursor) {\n    tenantsConnection(status: $status, search: $search, first: $first, after: $after) {\n      nodes {\n        ...TenantSummary\n      }\n      pageInfo {\n        ...PageDetail\n      }\n      totalCount\n    }\n  }\n": typeof types.TenantsDocument,
    "\n  query Tenant($id: ID!) {\n    tenant(id: $id) {\n      ...TenantDetail\n    }\n  }\n": typeof types.TenantDocument,
    "\n  query TenantSchema($id: ID!) {\n    tenant(id: $id) {\n      id\n      migrations\n      pendingMigrations\n    }\n  }\n": typeof types.TenantSchemaDocument,
    "\n  query TenantOperations($id: ID!, $first: Int, $after: Cursor) {\n    tenant(id: $id) {\n      id\n      operationsConnection(first: $first, after: $after) {\n        ...OperationPage\n      }\n    }\n  }\n": typeof types.TenantOperationsDocument,
    "\n  query TenantHistory($id: ID!, $first: Int, $after: Cursor) {\n    tenant(id: $id) {\n      id\n      historyConnection(first: $first, after: $after) {\n        ...HistoryPage\n      }\n    }\n  }\n": typeof types.TenantHistoryDocument,
    "\n  query Operations($status: OperationStatus, $kind: OperationKind, $tenantId: ID, $first: Int, $after: Cursor) {\n    operationsConnection(status: $status, kind: $kind, tenantId: $tenantId, first: $first, after: $after) {\n      ...OperationPage\n    }\n    queueStats {\n      queued\n      running\n      succeeded\n      failed\n      redelivered\n      workers\n    }\n  }\n": typeof types.OperationsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      ...AcceptedRequest\n    }\n  }\n": typeof types.CreateTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      ...AcceptedRequest\n    }\n  }\n": typeof types.UpdateTenantDocument,
    "\n  mutation Retry($id: ID!) {\n    retryTenantProvisioning(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n": typeof types.RetryDocument,
    "\n  mutation Cancel($id: ID!) {\n    cancelTenantOperation(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n": typeof types.CancelDocument,
    "\n  mutation Delete($id: ID!) {\n    deleteTenant(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n": typeof types.DeleteDocument,
    "\n  subscription Notifications($after: Cursor, $scope: NotificationScope) {\n    notifications(after: $after, scope: $scope) {\n      ...NotificationDetail\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  subscription TenantChanged($id: ID!) {\n    tenantChanged(id: $id) {\n      ...TenantDetail\n    }\n  }\n": typeof types.TenantChangedDocument,
};
const documents: Documents = {
    "\n  fragment TenantSummary on Tenant {\n    id\n    name\n    isActive\n    status\n    provisioningError\n    lastProvisioningAttempt\n    adminEmail\n    database {\n      mode\n      name\n      host\n    }\n    createdAt\n    updatedAt\n    version\n  }\n": types.TenantSummaryFragmentDoc,
    "\n  fragment OperationDetail on Operation {\n    id\n    tenantId\n    kind\n    status\n    priority\n    requestedBy\n    requestedAt\n    startedAt\n    finishedAt\n    attempt\n    step\n    stepName\n    steps {\n      step\n      stepName\n      startedAt\n      finishedAt\n    }\n    error\n  }\n": types.OperationDetailFragmentDoc,
    "\n  fragment PageDetail on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": types.PageDetailFragmentDoc,
    "\n  fragment OperationPage on OperationConnection {\n    nodes {\n      ...OperationDetail\n    }\n    pageInfo {\n      ...PageDetail\n    }\n    totalCount\n  }\n": types.OperationPageFragmentDoc,
    "\n  fragment HistoryEvent on TenantEvent {\n    type\n    version\n    occurredAt\n    data\n  }\n": types.HistoryEventFragmentDoc,
    "\n  fragment HistoryPage on TenantEventConnection {\n    nodes {\n      ...HistoryEvent\n    }\n    pageInfo {\n      ...PageDetail\n    }\n    totalCount\n  }\n": types.HistoryPageFragmentDoc,
    "\n  fragment TenantDetail on Tenant {\n    ...TenantSummary\n    currentOperation {\n      ...OperationDetail\n    }\n    operationsConnection(first: 20) {\n      ...OperationPage\n    }\n    historyConnection(first: 20) {\n      ...HistoryPage\n    }\n  }\n": types.TenantDetailFragmentDoc,
    "\n  fragment AcceptedRequest on Accepted {\n    tenantId\n    operationId\n    status\n    version\n  }\n": types.AcceptedRequestFragmentDoc,
    "\n  fragment SignedInUser on User {\n    id\n    email\n    tenantId\n    roles\n  }\n": types.SignedInUserFragmentDoc,
    "\n  fragment SessionDetail on Session {\n    token\n    expiresAt\n    user {\n      ...SignedInUser\n    }\n  }\n": types.SessionDetailFragmentDoc,
    "\n  fragment NotificationDetail on Notification {\n    cursor\n    type\n    tenantId\n    operationId\n    message\n    error\n    step\n    occurredAt\n  }\n": types.NotificationDetailFragmentDoc,
    "\n  mutation Login($tenant: ID!, $email: String!, $password: String!) {\n    login(tenant: $tenant, email: $email, password: $password) {\n      ...SessionDetail\n    }\n  }\n": types.LoginDocument,
    "\n  query Tenants($status: ProvisioningStatus, $search: String, $first: Int, $after: Cursor) {\n    tenantsConnection(status: $status, search: $search, first: $first, after: $after) {\n      nodes {\n        ...TenantSummary\n      }\n      pageInfo {\n        ...PageDetail\n      }\n      totalCount\n    }\n  }\n": types.TenantsDocument,
    "\n  query Tenant($id: ID!) {\n    tenant(id: $id) {\n      ...TenantDetail\n    }\n  }\n": types.TenantDocument,
    "\n  query TenantSchema($id: ID!) {\n    tenant(id: $id) {\n      id\n      migrations\n      pendingMigrations\n    }\n  }\n": types.TenantSchemaDocument,
    "\n  query TenantOperations($id: ID!, $first: Int, $after: Cursor) {\n    tenant(id: $id) {\n      id\n      operationsConnection(first: $first, after: $after) {\n        ...OperationPage\n      }\n    }\n  }\n": types.TenantOperationsDocument,
    "\n  query TenantHistory($id: ID!, $first: Int, $after: Cursor) {\n    tenant(id: $id) {\n      id\n      historyConnection(first: $first, after: $after) {\n        ...HistoryPage\n      }\n    }\n  }\n": types.TenantHistoryDocument,
    "\n  query Operations($status: OperationStatus, $kind: OperationKind, $tenantId: ID, $first: Int, $after: Cursor) {\n    operationsConnection(status: $status, kind: $kind, tenantId: $tenantId, first: $first, after: $after) {\n      ...OperationPage\n    }\n    queueStats {\n      queued\n      running\n      succeeded\n      failed\n      redelivered\n      workers\n    }\n  }\n": types.OperationsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      ...AcceptedRequest\n    }\n  }\n": types.CreateTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      ...AcceptedRequest\n    }\n  }\n": types.UpdateTenantDocument,
    "\n  mutation Retry($id: ID!) {\n    retryTenantProvisioning(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n": types.RetryDocument,
    "\n  mutation Cancel($id: ID!) {\n    cancelTenantOperation(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n": types.CancelDocument,
    "\n  mutation Delete($id: ID!) {\n    deleteTenant(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n": types.DeleteDocument,
    "\n  subscription Notifications($after: Cursor, $scope: NotificationScope) {\n    notifications(after: $after, scope: $scope) {\n      ...NotificationDetail\n    }\n  }\n": types.NotificationsDocument,
    "\n  subscription TenantChanged($id: ID!) {\n    tenantChanged(id: $id) {\n      ...TenantDetail\n    }\n  }\n": types.TenantChangedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TenantSummary on Tenant {\n    id\n    name\n    isActive\n    status\n    provisioningError\n    lastProvisioningAttempt\n    adminEmail\n    database {\n      mode\n      name\n      host\n    }\n    createdAt\n    updatedAt\n    version\n  }\n"): (typeof documents)["\n  fragment TenantSummary on Tenant {\n    id\n    name\n    isActive\n    status\n    provisioningError\n    lastProvisioningAttempt\n    adminEmail\n    database {\n      mode\n      name\n      host\n    }\n    createdAt\n    updatedAt\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OperationDetail on Operation {\n    id\n    tenantId\n    kind\n    status\n    priority\n    requestedBy\n    requestedAt\n    startedAt\n    finishedAt\n    attempt\n    step\n    stepName\n    steps {\n      step\n      stepName\n      startedAt\n      finishedAt\n    }\n    error\n  }\n"): (typeof documents)["\n  fragment OperationDetail on Operation {\n    id\n    tenantId\n    kind\n    status\n    priority\n    requestedBy\n    requestedAt\n    startedAt\n    finishedAt\n    attempt\n    step\n    stepName\n    steps {\n      step\n      stepName\n      startedAt\n      finishedAt\n    }\n    error\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PageDetail on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"): (typeof documents)["\n  fragment PageDetail on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OperationPage on OperationConnection {\n    nodes {\n      ...OperationDetail\n    }\n    pageInfo {\n      ...PageDetail\n    }\n    totalCount\n  }\n"): (typeof documents)["\n  fragment OperationPage on OperationConnection {\n    nodes {\n      ...OperationDetail\n    }\n    pageInfo {\n      ...PageDetail\n    }\n    totalCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HistoryEvent on TenantEvent {\n    type\n    version\n    occurredAt\n    data\n  }\n"): (typeof documents)["\n  fragment HistoryEvent on TenantEvent {\n    type\n    version\n    occurredAt\n    data\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HistoryPage on TenantEventConnection {\n    nodes {\n      ...HistoryEvent\n    }\n    pageInfo {\n      ...PageDetail\n    }\n    totalCount\n  }\n"): (typeof documents)["\n  fragment HistoryPage on TenantEventConnection {\n    nodes {\n      ...HistoryEvent\n    }\n    pageInfo {\n      ...PageDetail\n    }\n    totalCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TenantDetail on Tenant {\n    ...TenantSummary\n    currentOperation {\n      ...OperationDetail\n    }\n    operationsConnection(first: 20) {\n      ...OperationPage\n    }\n    historyConnection(first: 20) {\n      ...HistoryPage\n    }\n  }\n"): (typeof documents)["\n  fragment TenantDetail on Tenant {\n    ...TenantSummary\n    currentOperation {\n      ...OperationDetail\n    }\n    operationsConnection(first: 20) {\n      ...OperationPage\n    }\n    historyConnection(first: 20) {\n      ...HistoryPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AcceptedRequest on Accepted {\n    tenantId\n    operationId\n    status\n    version\n  }\n"): (typeof documents)["\n  fragment AcceptedRequest on Accepted {\n    tenantId\n    operationId\n    status\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SignedInUser on User {\n    id\n    email\n    tenantId\n    roles\n  }\n"): (typeof documents)["\n  fragment SignedInUser on User {\n    id\n    email\n    tenantId\n    roles\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionDetail on Session {\n    token\n    expiresAt\n    user {\n      ...SignedInUser\n    }\n  }\n"): (typeof documents)["\n  fragment SessionDetail on Session {\n    token\n    expiresAt\n    user {\n      ...SignedInUser\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationDetail on Notification {\n    cursor\n    type\n    tenantId\n    operationId\n    message\n    error\n    step\n    occurredAt\n  }\n"): (typeof documents)["\n  fragment NotificationDetail on Notification {\n    cursor\n    type\n    tenantId\n    operationId\n    message\n    error\n    step\n    occurredAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($tenant: ID!, $email: String!, $password: String!) {\n    login(tenant: $tenant, email: $email, password: $password) {\n      ...SessionDetail\n    }\n  }\n"): (typeof documents)["\n  mutation Login($tenant: ID!, $email: String!, $password: String!) {\n    login(tenant: $tenant, email: $email, password: $password) {\n      ...SessionDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tenants($status: ProvisioningStatus, $search: String, $first: Int, $after: Cursor) {\n    tenantsConnection(status: $status, search: $search, first: $first, after: $after) {\n      nodes {\n        ...TenantSummary\n      }\n      pageInfo {\n        ...PageDetail\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query Tenants($status: ProvisioningStatus, $search: String, $first: Int, $after: Cursor) {\n    tenantsConnection(status: $status, search: $search, first: $first, after: $after) {\n      nodes {\n        ...TenantSummary\n      }\n      pageInfo {\n        ...PageDetail\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tenant($id: ID!) {\n    tenant(id: $id) {\n      ...TenantDetail\n    }\n  }\n"): (typeof documents)["\n  query Tenant($id: ID!) {\n    tenant(id: $id) {\n      ...TenantDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantSchema($id: ID!) {\n    tenant(id: $id) {\n      id\n      migrations\n      pendingMigrations\n    }\n  }\n"): (typeof documents)["\n  query TenantSchema($id: ID!) {\n    tenant(id: $id) {\n      id\n      migrations\n      pendingMigrations\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantOperations($id: ID!, $first: Int, $after: Cursor) {\n    tenant(id: $id) {\n      id\n      operationsConnection(first: $first, after: $after) {\n        ...OperationPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query TenantOperations($id: ID!, $first: Int, $after: Cursor) {\n    tenant(id: $id) {\n      id\n      operationsConnection(first: $first, after: $after) {\n        ...OperationPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantHistory($id: ID!, $first: Int, $after: Cursor) {\n    tenant(id: $id) {\n      id\n      historyConnection(first: $first, after: $after) {\n        ...HistoryPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query TenantHistory($id: ID!, $first: Int, $after: Cursor) {\n    tenant(id: $id) {\n      id\n      historyConnection(first: $first, after: $after) {\n        ...HistoryPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Operations($status: OperationStatus, $kind: OperationKind, $tenantId: ID, $first: Int, $after: Cursor) {\n    operationsConnection(status: $status, kind: $kind, tenantId: $tenantId, first: $first, after: $after) {\n      ...OperationPage\n    }\n    queueStats {\n      queued\n      running\n      succeeded\n      failed\n      redelivered\n      workers\n    }\n  }\n"): (typeof documents)["\n  query Operations($status: OperationStatus, $kind: OperationKind, $tenantId: ID, $first: Int, $after: Cursor) {\n    operationsConnection(status: $status, kind: $kind, tenantId: $tenantId, first: $first, after: $after) {\n      ...OperationPage\n    }\n    queueStats {\n      queued\n      running\n      succeeded\n      failed\n      redelivered\n      workers\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      ...AcceptedRequest\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      ...AcceptedRequest\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      ...AcceptedRequest\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      ...AcceptedRequest\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Retry($id: ID!) {\n    retryTenantProvisioning(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n"): (typeof documents)["\n  mutation Retry($id: ID!) {\n    retryTenantProvisioning(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Cancel($id: ID!) {\n    cancelTenantOperation(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n"): (typeof documents)["\n  mutation Cancel($id: ID!) {\n    cancelTenantOperation(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Delete($id: ID!) {\n    deleteTenant(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n"): (typeof documents)["\n  mutation Delete($id: ID!) {\n    deleteTenant(id: $id) {\n      ...AcceptedRequest\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Notifications($after: Cursor, $scope: NotificationScope) {\n    notifications(after: $after, scope: $scope) {\n      ...NotificationDetail\n    }\n  }\n"): (typeof documents)["\n  subscription Notifications($after: Cursor, $scope: NotificationScope) {\n    notifications(after: $after, scope: $scope) {\n      ...NotificationDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TenantChanged($id: ID!) {\n    tenantChanged(id: $id) {\n      ...TenantDetail\n    }\n  }\n"): (typeof documents)["\n  subscription TenantChanged($id: ID!) {\n    tenantChanged(id: $id) {\n      ...TenantDetail\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;