import { renderToStaticMarkup } from 'react-dom/server';
import type { OperationDetailFragment as Operation } from '../api/generated/graphql';
import { Field } from './Field';
import { OperationProgress } from './OperationProgress';
import { SchemaVersion } from './SchemaCard';
import { OperationBadge, StatusBadge } from './StatusBadge';

const at = '2026-01-01T00:00:00.000Z';

describe('status badge', () => {
  it('shows Provisioning in blue with a spinner', () => {
    const html = renderToStaticMarkup(<StatusBadge status="PROVISIONING" />);
    expect(html).toContain('badge-blue');
    expect(html).toContain('class="spinner"');
    expect(html).toContain('data-tenant-status="PROVISIONING"');
    expect(html).toContain('Provisioning');
  });

  it('shows Active in green without a spinner', () => {
    const html = renderToStaticMarkup(<StatusBadge status="ACTIVE" />);
    expect(html).toContain('badge-green');
    expect(html).not.toContain('spinner');
  });

  it('marks an operation badge as such', () =>
    expect(renderToStaticMarkup(<OperationBadge status="FAILED" />)).toContain('data-operation-status="FAILED"'));
});

describe('form field', () => {
  it('labels its control and points it at its hint', () => {
    const html = renderToStaticMarkup(
      <Field id="tenant-id" label="Tenant id" hint="a slug">
        <input />
      </Field>,
    );
    expect(html).toContain('<label for="tenant-id">Tenant id</label>');
    expect(html).toContain('id="tenant-id" aria-describedby="tenant-id-hint"');
    expect(html).not.toContain('aria-invalid');
  });

  it('shows its error under the control, marked invalid and described by it', () => {
    const html = renderToStaticMarkup(
      <Field id="tenant-id" label="Tenant id" error="Tenant already exists">
        <input />
      </Field>,
    );
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="tenant-id-error"');
    expect(html).toMatch(/<p class="field-error" id="tenant-id-error"[^>]*>Tenant already exists<\/p>/);
  });
});

describe('operation progress', () => {
  const running: Operation = {
    id: 'op-1',
    tenantId: 'acme',
    kind: 'CREATE',
    status: 'RUNNING',
    priority: 'NORMAL',
    requestedBy: 'u1',
    requestedAt: at,
    startedAt: at,
    finishedAt: null,
    attempt: 2,
    step: 'RUNNING_MIGRATIONS',
    stepName: null,
    error: null,
    steps: [
      { step: 'CREATING_DATABASE', stepName: null, startedAt: at, finishedAt: at },
      { step: 'RUNNING_MIGRATIONS', stepName: null, startedAt: at, finishedAt: null },
    ],
  };

  it('lists each step with where it stands, the running one with a spinner', () => {
    const html = renderToStaticMarkup(<OperationProgress operation={running} />);
    expect(html).toMatch(/data-step="CREATING_DATABASE" data-state="done"/);
    expect(html).toMatch(
      /data-step="RUNNING_MIGRATIONS" data-state="running"><span class="step-mark" aria-hidden="true"><span class="spinner"/,
    );
    expect(html).toContain('Running migrations…');
    expect(html).toContain('Attempt 2');
  });

  it('shows the error of a failed operation', () =>
    expect(
      renderToStaticMarkup(
        <OperationProgress operation={{ ...running, status: 'FAILED', error: 'connect ECONNREFUSED' }} />,
      ),
    ).toContain('<p class="operation-error">connect ECONNREFUSED</p>'));
});

describe('schema version', () => {
  it('lists applied migrations in order, then pending ones with the command that applies them', () => {
    const html = renderToStaticMarkup(
      <SchemaVersion schema={{ migrations: ['Migration1Users', '001-notes'], pendingMigrations: ['002-pinned'] }} />,
    );
    expect(html).toContain('Applied (2)');
    expect(html).toMatch(
      /data-migrations="applied"><li><code>Migration1Users<\/code><\/li><li><code>001-notes<\/code>/,
    );
    expect(html).toMatch(/data-migrations="pending"><li><code>002-pinned<\/code>/);
    expect(html).toContain('npm run tenants:migrate');
  });

  it('says when nothing is pending', () =>
    expect(
      renderToStaticMarkup(<SchemaVersion schema={{ migrations: ['Migration1Users'], pendingMigrations: [] }} />),
    ).toContain('None: up to date.'));
});
