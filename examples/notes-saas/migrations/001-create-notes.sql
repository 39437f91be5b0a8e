-- Runs in the tenant's schema: search_path is set to it, so `notes` is <tenant schema>.notes.
create table notes (
  id bigserial primary key,
  title text not null,
  body text not null default '',
  created_at timestamptz not null default now()
);
