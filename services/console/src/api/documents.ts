// Every GraphQL document the console sends, with the fragments they share.

const TENANT_SUMMARY = `
  id name isActive status provisioningError lastProvisioningAttempt adminEmail
  database { mode name host } createdAt updatedAt version`;

const OPERATION = `
  id tenantId kind status priority requestedBy requestedAt startedAt finishedAt attempt step
  steps { step stepName startedAt finishedAt } error stepName`;

const TENANT_DETAIL = `${TENANT_SUMMARY}
  currentOperation { ${OPERATION} }
  operations { ${OPERATION} }
  history { type version occurredAt data }`;

const NOTIFICATION = 'cursor type tenantId operationId message error step occurredAt';

export const LOGIN = `mutation Login($tenant: ID!, $email: String!, $password: String!) {
  login(tenant: $tenant, email: $email, password: $password) { token expiresAt user { id email tenantId roles } }
}`;

export const ME = 'query Me { me { id email tenantId roles } }';

export const TENANTS = `query Tenants($status: ProvisioningStatus) { tenants(status: $status) { ${TENANT_SUMMARY} } }`;

export const TENANT = `query Tenant($id: ID!) { tenant(id: $id) { ${TENANT_DETAIL} } }`;

/** Apart from TENANT: it reads the tenant's own database, which may be slow or unreachable. */
export const TENANT_SCHEMA = `query TenantSchema($id: ID!) { tenant(id: $id) { id migrations pendingMigrations } }`;

export const OPERATIONS = `query Operations($status: OperationStatus, $first: Int) {
  operations(status: $status, first: $first) { ${OPERATION} }
  queueStats { queued running succeeded failed redelivered workers }
}`;

const ACCEPTED = 'tenantId operationId status version';

export const CREATE_TENANT = `mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { ${ACCEPTED} } }`;
export const UPDATE_TENANT = `mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { ${ACCEPTED} } }`;
export const RETRY_TENANT = `mutation Retry($id: ID!) { retryTenantProvisioning(id: $id) { ${ACCEPTED} } }`;
export const CANCEL_TENANT = `mutation Cancel($id: ID!) { cancelTenantOperation(id: $id) { ${ACCEPTED} } }`;
export const DELETE_TENANT = `mutation Delete($id: ID!) { deleteTenant(id: $id) { ${ACCEPTED} } }`;

export const NOTIFICATIONS_SUBSCRIPTION = `subscription Notifications($after: Cursor, $scope: NotificationScope) {
  notifications(after: $after, scope: $scope) { ${NOTIFICATION} }
}`;

export const TENANT_CHANGED_SUBSCRIPTION = `subscription TenantChanged($id: ID!) { tenantChanged(id: $id) { ${TENANT_DETAIL} } }`;
