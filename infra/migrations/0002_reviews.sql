-- Review: comment threads pinned to a page, their messages and mentions, per-user read state,
-- review sessions and in-app notifications. The api writes these rows; collab-server marks a
-- thread detached when its shape leaves the page document (and clears it when the shape comes
-- back). Project-wide lists (open threads per page, threads mentioning me) come from here
-- without opening any page document.

-- ============================================================ review sessions
create table review_sessions (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  page_id uuid not null references pages(id) on delete cascade,
  title varchar(255),
  presenter_id uuid not null references users(id),
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  ended_by uuid references users(id),
  outcome varchar(20) check (outcome in ('approved', 'changes_requested')),
  note text,
  -- filled when the session ends: {threadsOpened, threadsResolved, openedThreadIds, ...}
  summary jsonb,
  check ((ended_at is null) = (outcome is null))
);
-- One running session per page.
create unique index idx_review_sessions_page_active on review_sessions(page_id) where ended_at is null;
create index idx_review_sessions_page on review_sessions(page_id, started_at desc);

-- ============================================================ threads and messages
create table comment_threads (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects(id) on delete cascade,
  page_id uuid not null references pages(id) on delete cascade,
  -- {kind: "shape", shapeId, offset: {x, y}} | {kind: "point", x, y}
  anchor jsonb not null,
  -- the anchored tldraw shape id, for detach lookups (null for page points)
  shape_id varchar(100),
  status varchar(20) not null default 'open' check (status in ('open', 'resolved')),
  detached_at timestamptz,
  created_by uuid not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_message_at timestamptz not null default now(),
  resolved_by uuid references users(id),
  resolved_at timestamptz,
  session_id uuid references review_sessions(id) on delete set null,
  check ((status = 'resolved') = (resolved_at is not null))
);
create index idx_comment_threads_page_open on comment_threads(page_id, last_message_at desc)
  where status = 'open';
create index idx_comment_threads_page on comment_threads(page_id, created_at);
create index idx_comment_threads_project on comment_threads(project_id, last_message_at desc);
create index idx_comment_threads_shape on comment_threads(page_id, shape_id) where shape_id is not null;
create index idx_comment_threads_creator on comment_threads(created_by, project_id);

create table comment_messages (
  id uuid primary key default gen_random_uuid(),
  thread_id uuid not null references comment_threads(id) on delete cascade,
  author_id uuid not null references users(id),
  body text not null,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz
);
create index idx_comment_messages_thread on comment_messages(thread_id, created_at);

create table comment_mentions (
  message_id uuid not null references comment_messages(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  -- denormalised so "threads mentioning me" needs no join through messages
  thread_id uuid not null references comment_threads(id) on delete cascade,
  primary key (message_id, user_id)
);
create index idx_comment_mentions_user on comment_mentions(user_id, thread_id);

-- How far each user has read each thread: messages by others after last_read_at are unread.
create table thread_reads (
  user_id uuid not null references users(id) on delete cascade,
  thread_id uuid not null references comment_threads(id) on delete cascade,
  last_read_at timestamptz not null,
  primary key (user_id, thread_id)
);
create index idx_thread_reads_thread on thread_reads(thread_id);

-- ============================================================ notifications
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  kind varchar(20) not null check (kind in ('mention', 'reply')),
  project_id uuid not null references projects(id) on delete cascade,
  page_id uuid not null references pages(id) on delete cascade,
  thread_id uuid not null references comment_threads(id) on delete cascade,
  message_id uuid not null references comment_messages(id) on delete cascade,
  actor_id uuid not null references users(id),
  excerpt varchar(300) not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  -- one notification per message and recipient: a mention that is also a reply counts once
  unique (user_id, message_id)
);
create index idx_notifications_user on notifications(user_id, created_at desc);
create index idx_notifications_user_unread on notifications(user_id) where read_at is null;
