-- Comic Studio core schema: the product plan's comics schema adapted to a standalone product.
-- External platform ids (civitai_*) become local users and optional external references.

create extension if not exists citext;

-- ============================================================ accounts
create table users (
  id uuid primary key default gen_random_uuid(),
  email citext not null unique,
  display_name varchar(120) not null,
  password_hash text,                                   -- null for SSO-only accounts
  email_verified boolean not null default false,
  is_admin boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);

-- Sessions as the Lucia guide recommends: only the SHA-256 of the token is stored.
create table sessions (
  id text primary key,                                  -- hex SHA-256 of the session token
  user_id uuid not null references users(id) on delete cascade,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index idx_sessions_user on sessions(user_id);
create index idx_sessions_expires on sessions(expires_at);

-- Accounts linked through OpenID Connect single sign-on.
create table oauth_accounts (
  provider varchar(100) not null,                       -- issuer URL
  subject varchar(255) not null,
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (provider, subject)
);
create index idx_oauth_accounts_user on oauth_accounts(user_id);

-- ============================================================ projects
create table projects (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references users(id),
  name varchar(255) not null,
  description text,
  status varchar(20) not null default 'active' check (status in ('draft', 'active', 'archived', 'deleted')),
  style_embedding jsonb,                                -- extracted/imported style lock
  project_style_ref varchar(255),                       -- external style model reference (plan: project_style_lora_id)
  last_generation_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index idx_projects_user on projects(owner_id);
create index idx_projects_status on projects(status) where deleted_at is null;

create table project_members (
  project_id uuid not null references projects(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role varchar(20) not null check (role in ('owner', 'editor', 'commenter', 'viewer')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (project_id, user_id)
);
create index idx_project_members_user on project_members(user_id);
create unique index idx_project_members_one_owner on project_members(project_id) where role = 'owner';

create table project_invitations (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  email citext not null,
  role varchar(20) not null check (role in ('editor', 'commenter', 'viewer')),
  invited_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  unique (project_id, email)
);
create index idx_project_invitations_email on project_invitations(email) where accepted_at is null;

-- Uploaded images, content-addressed per project.
create table uploads (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  sha256 char(64) not null,
  mime varchar(50) not null,
  width integer not null,
  height integer not null,
  bytes integer not null,
  storage_key varchar(500) not null,
  thumbnail_key varchar(500) not null,
  uploaded_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  unique (project_id, sha256)
);

-- ============================================================ library
create table characters (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  name varchar(255) not null,
  status varchar(20) not null default 'active' check (status in ('draft', 'active', 'training', 'failed', 'archived', 'orphaned')),
  reference_images jsonb not null default '[]',
  external_lora_ref varchar(255),                       -- plan: civitai_lora_id
  external_training_job_id varchar(100),
  face_embedding jsonb,
  body_embedding jsonb,
  outfit_embedding jsonb,
  palette jsonb,
  style_embedding jsonb,
  anchor_images jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index idx_characters_project on characters(project_id);
create index idx_characters_lora on characters(external_lora_ref) where external_lora_ref is not null;

create table locations (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  name varchar(255) not null,
  description text,
  status varchar(20) not null default 'draft' check (status in ('draft', 'approved', 'locked', 'archived')),
  style_embedding jsonb,
  depth_map_url varchar(500),
  lighting_presets jsonb,
  camera_presets jsonb,
  anchor_images jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index idx_locations_project on locations(project_id);

create table imported_styles (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  name varchar(255),
  source_images jsonb not null default '[]',
  style_embedding jsonb,
  style_params jsonb,
  matched_style_ref varchar(255),                       -- plan: civitai_matched_lora_id
  preview_images jsonb,
  created_at timestamptz not null default now()
);
create index idx_imported_styles_project on imported_styles(project_id);

-- ============================================================ pages and panels
create table pages (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  chapter_number integer not null default 1,
  page_number integer not null,
  title varchar(255),
  status varchar(20) not null default 'draft' check (status in ('draft', 'complete', 'exported')),
  layout_template varchar(50),
  trim_width_mm numeric(6, 1) not null default 170.0,
  trim_height_mm numeric(6, 1) not null default 260.0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- deferrable so a reorder can swap numbers inside one transaction
  unique (project_id, chapter_number, page_number) deferrable initially deferred
);
create index idx_pages_project on pages(project_id, chapter_number, page_number);

create table panels (
  id uuid primary key default gen_random_uuid(),
  page_id uuid not null references pages(id) on delete cascade,
  shape_id varchar(100),                                -- the tldraw shape id on the page document
  position integer not null,
  location_id uuid references locations(id) on delete set null,
  prompt text,
  image_url varchar(500),
  thumbnail_url varchar(500),
  consistency_score double precision,
  buzz_cost integer,
  generation_params jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (page_id, shape_id)
);
create index idx_panels_page on panels(page_id, position);
create index idx_panels_location on panels(location_id) where location_id is not null;

create table panel_characters (
  id uuid primary key default gen_random_uuid(),
  panel_id uuid not null references panels(id) on delete cascade,
  character_id uuid not null references characters(id) on delete cascade,
  position_x double precision not null default 0.5 check (position_x between 0 and 1),
  position_y double precision not null default 0.5 check (position_y between 0 and 1),
  scale double precision not null default 1.0 check (scale > 0),
  z_index integer not null default 0,
  pose varchar(100),
  expression varchar(100),
  unique (panel_id, character_id)
);
create index idx_panel_characters_panel on panel_characters(panel_id);
create index idx_panel_characters_character on panel_characters(character_id);

-- ============================================================ tracking and audit
create table generations (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  panel_id uuid references panels(id) on delete set null,
  user_id uuid references users(id) on delete set null,
  job_id varchar(100),                                  -- BullMQ job id (plan: civitai_job_id)
  reservation_id uuid,
  engine varchar(30),
  status varchar(20) not null default 'pending'
    check (status in ('pending', 'queued', 'processing', 'completed', 'failed', 'cancelled')),
  type varchar(30) not null
    check (type in ('panel', 'character_anchor', 'location_anchor', 'style_preview', 'inpaint', 'environment')),
  prompt text,
  params jsonb,
  result_urls jsonb,
  consistency_scores jsonb,
  buzz_cost integer,
  attempts integer not null default 0,
  auto_regenerated boolean not null default false,
  error_message text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz
);
create index idx_generations_project on generations(project_id);
create index idx_generations_panel on generations(panel_id);
create index idx_generations_status on generations(status) where status in ('pending', 'queued', 'processing');

-- Credit balances: the invariant balance >= 0 is enforced by the database itself.
create table credit_accounts (
  user_id uuid primary key references users(id) on delete cascade,
  balance integer not null default 0 check (balance >= 0),
  allowance_period date,                                -- month of the last free allowance grant
  updated_at timestamptz not null default now()
);

-- Reservations hold credits for a while; commit and release settle them exactly once.
create table credit_reservations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  amount integer not null check (amount > 0),
  action varchar(50) not null,
  status varchar(20) not null default 'reserved' check (status in ('reserved', 'committed', 'released')),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  settled_at timestamptz
);
create index idx_credit_reservations_expiry on credit_reservations(expires_at) where status = 'reserved';

-- The ledger: every movement of credits is a row (plan: buzz_transactions).
create table credit_transactions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  generation_id uuid references generations(id) on delete set null,
  reservation_id uuid references credit_reservations(id) on delete set null,
  external_transaction_id varchar(100),
  type varchar(20) not null check (type in ('grant', 'allowance', 'reserve', 'commit', 'release', 'refund')),
  amount integer not null,                              -- signed change of the available balance
  balance_after integer not null,
  note text,
  status varchar(20) not null default 'completed' check (status in ('pending', 'completed', 'failed')),
  created_at timestamptz not null default now(),
  completed_at timestamptz default now()
);
create index idx_credit_transactions_user on credit_transactions(user_id, created_at desc);
create unique index idx_credit_transactions_settle on credit_transactions(reservation_id, type)
  where type in ('reserve', 'commit', 'release');

create table export_jobs (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  format varchar(20) not null check (format in ('png', 'pdf', 'webtoon')),
  pages uuid[],                                         -- specific pages, or null for all
  options jsonb,
  status varchar(20) not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed')),
  progress double precision not null default 0,
  result_url varchar(500),
  error_message text,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index idx_export_jobs_user on export_jobs(user_id);
create index idx_export_jobs_project on export_jobs(project_id);

create table user_preferences (
  user_id uuid primary key references users(id) on delete cascade,
  default_style_id uuid references imported_styles(id) on delete set null,
  ui_preferences jsonb,
  generation_preferences jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table style_analysis_cache (
  id uuid primary key default gen_random_uuid(),
  image_hash varchar(64) not null unique,
  descriptor_version varchar(50) not null default 'v1',
  style_embedding jsonb,
  style_tags jsonb,
  matched_style_refs text[],
  match_scores double precision[],
  created_at timestamptz not null default now()
);

create table panel_versions (
  id uuid primary key default gen_random_uuid(),
  panel_id uuid not null references panels(id) on delete cascade,
  version_number integer not null,
  image_url varchar(500),
  thumbnail_url varchar(500),
  generation_id uuid references generations(id) on delete set null,
  chosen_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  unique (panel_id, version_number)
);

-- External resources referenced by id (users of an SSO platform, style models) for orphan detection.
create table external_resource_refs (
  id uuid primary key default gen_random_uuid(),
  resource_type varchar(20) not null check (resource_type in ('user', 'lora', 'style')),
  external_id varchar(255) not null,
  last_verified_at timestamptz not null default now(),
  is_orphaned boolean not null default false,
  orphaned_at timestamptz,
  unique (resource_type, external_id)
);

-- Webhook deliveries seen, so a redelivery is answered without acting twice.
create table webhook_deliveries (
  id varchar(200) primary key,
  event varchar(100) not null,
  received_at timestamptz not null default now()
);

-- ============================================================ collaborative documents
create table yjs_documents (
  name varchar(200) primary key,                        -- e.g. page:<uuid>
  state bytea not null,
  updated_at timestamptz not null default now()
);

create table yjs_snapshots (
  id uuid primary key default gen_random_uuid(),
  document_name varchar(200) not null,
  state bytea not null,
  label varchar(200),
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create index idx_yjs_snapshots_document on yjs_snapshots(document_name, created_at desc);
