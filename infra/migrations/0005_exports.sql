-- Exports: a heartbeat so an export whose worker died can be told from one still running, and
-- the attempts it took (a job that stalled is run again once; the UI says so).
alter table export_jobs add column updated_at timestamptz not null default now();
alter table export_jobs add column attempts integer not null default 0;
create index idx_export_jobs_active on export_jobs(updated_at) where status in ('pending', 'processing');
