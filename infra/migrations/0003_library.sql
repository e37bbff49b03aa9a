-- The character, style and location library: character setup and its anchor library, style
-- candidates (extracted, imported, from the catalogue) and the project's style lock, locked
-- locations with their 12 variants, and the library jobs that produce them.

-- Characters: `review` while the anchor library awaits approval. reference_images holds the
-- upload ids the character was made from, in the creator's order.
alter table characters drop constraint if exists characters_status_check;
alter table characters add constraint characters_status_check
  check (status in ('draft', 'training', 'review', 'active', 'failed', 'archived', 'orphaned'));
alter table characters alter column status set default 'draft';
alter table characters add column description text;
alter table characters add column identity jsonb;
alter table characters add column style_analysis jsonb;
alter table characters add column validation jsonb;
alter table characters add column created_by uuid references users(id) on delete set null;

create table character_anchors (
  id uuid primary key default gen_random_uuid(),
  character_id uuid not null references characters(id) on delete cascade,
  position integer not null,
  angle varchar(30) not null,
  expression varchar(30) not null,
  pose varchar(30) not null,
  status varchar(20) not null default 'pending' check (status in ('pending', 'generating', 'ready', 'failed')),
  image_key varchar(500),
  approved boolean not null default false,
  version integer not null default 0,
  updated_at timestamptz not null default now(),
  unique (character_id, angle, expression, pose)
);
create index idx_character_anchors_character on character_anchors(character_id, position);

-- Style candidates of a project. source_images: upload ids; style_params: the analysed (or
-- catalogue) parameters; overrides: the creator's slider values; analysis: words, numbers,
-- matches and the fallback decision; preview_images: [{scene, key}].
alter table imported_styles add column source varchar(20) not null default 'import'
  check (source in ('character', 'import', 'catalogue'));
alter table imported_styles add column character_id uuid references characters(id) on delete set null;
alter table imported_styles add column catalogue_id varchar(80);
alter table imported_styles add column analysis jsonb;
alter table imported_styles add column overrides jsonb not null default '{}';
alter table imported_styles add column created_by uuid references users(id) on delete set null;
create index idx_imported_styles_project_recent on imported_styles(project_id, created_at desc);

-- The project's style lock: {styleId, name, params, lockedAt}, applied to every generation.
alter table projects add column style_lock jsonb;

-- Locations: the approved draft render, then the 12 locked variants.
alter table locations add column preview_key varchar(500);
alter table locations add column locked_at timestamptz;
alter table locations add column created_by uuid references users(id) on delete set null;

create table location_variants (
  id uuid primary key default gen_random_uuid(),
  location_id uuid not null references locations(id) on delete cascade,
  camera varchar(10) not null check (camera in ('eye', 'low', 'high')),
  shot varchar(10) not null check (shot in ('wide', 'medium')),
  lighting varchar(10) not null check (lighting in ('day', 'night')),
  image_key varchar(500) not null,
  depth_key varchar(500) not null,
  created_at timestamptz not null default now(),
  unique (location_id, camera, shot, lighting)
);

-- One row per library job (BullMQ job id = row id). Credits are held in reservation_id while it
-- runs and settled exactly once by the worker (commit on success, release on failure).
create table library_jobs (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  kind varchar(30) not null
    check (kind in ('character-setup', 'anchor-regenerate', 'style-analysis', 'style-preview',
                    'location-draft', 'location-lock')),
  subject_id uuid not null,                             -- character, style or location
  anchor_id uuid,
  status varchar(20) not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed')),
  progress double precision not null default 0,
  stage text,
  error_message text,
  reservation_id uuid,
  buzz_cost integer not null default 0,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz
);
create index idx_library_jobs_subject on library_jobs(subject_id, created_at desc);
create index idx_library_jobs_active on library_jobs(status) where status in ('queued', 'running');
-- One running job per subject (character, anchor, style, location): two requests racing to start a
-- setup cannot both pass the api's check and charge twice.
create unique index idx_library_jobs_one_active on library_jobs(subject_id) where status in ('queued', 'running');
