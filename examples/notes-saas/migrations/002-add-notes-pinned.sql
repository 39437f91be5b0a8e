alter table notes add column pinned boolean not null default false;
create index notes_pinned_idx on notes (pinned) where pinned;
